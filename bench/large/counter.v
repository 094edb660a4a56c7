// Small design for the Yosys benchmark: an 8-bit counter.
module counter(input clk, input rst, output reg [7:0] q);
  always @(posedge clk) if (rst) q <= 0; else q <= q + 1;
endmodule
