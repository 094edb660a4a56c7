// Larger design for the Yosys benchmark: a 32-bit ALU with a multiplier and
// a barrel shifter, registered; `synth` maps it to gates through ABC.
module alu(input clk, input [3:0] op, input [31:0] a, input [31:0] b, output reg [31:0] y, output reg zero);
  reg [31:0] r;
  always @* begin
    case (op)
      4'd0: r = a + b;
      4'd1: r = a - b;
      4'd2: r = a & b;
      4'd3: r = a | b;
      4'd4: r = a ^ b;
      4'd5: r = a << b[4:0];
      4'd6: r = a >> b[4:0];
      4'd7: r = $signed(a) >>> b[4:0];
      4'd8: r = a * b;
      4'd9: r = {31'd0, $signed(a) < $signed(b)};
      4'd10: r = {31'd0, a < b};
      default: r = ~a;
    endcase
  end
  always @(posedge clk) begin y <= r; zero <= r == 0; end
endmodule
