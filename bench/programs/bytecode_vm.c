/* A small stack-based bytecode interpreter (switch dispatch) running a
 * program that computes sum over i < n of (i * i) mod 7 and a Collatz-like
 * inner loop. argv[1] = n in millions (default 8). Prints the VM's result. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JZ, JMP, DUP, POP, HALT, SHR, AND, EQ, JNZ };

static int64_t run(const int64_t *code, int64_t *vars) {
    int64_t stack[64];
    int sp = 0, pc = 0;
    for (;;) {
        int64_t op = code[pc++];
        switch (op) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case LOAD: stack[sp++] = vars[code[pc++]]; break;
        case STORE: vars[code[pc++]] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
        case SHR: sp--; stack[sp - 1] >>= stack[sp]; break;
        case AND: sp--; stack[sp - 1] &= stack[sp]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case JZ: if (stack[--sp] == 0) pc = (int)code[pc]; else pc++; break;
        case JNZ: if (stack[--sp] != 0) pc = (int)code[pc]; else pc++; break;
        case JMP: pc = (int)code[pc]; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case POP: sp--; break;
        case HALT: return vars[1];
        default: return -1;
        }
    }
}

int main(int argc, char **argv) {
    int64_t n = (argc > 1 ? atol(argv[1]) : 8) * 1000000L;
    /* vars: 0 = i, 1 = acc, 2 = n, 3 = x. The program, assembled with labels:
     * while (i < n) { acc += (i*i) % 7; x = i & 15; while (x) { acc += x; x >>= 1; } i++; } */
    int64_t prog[128];
    int p = 0, loop, done, inner, inner_end;
    loop = p;
    prog[p++] = LOAD; prog[p++] = 0; prog[p++] = LOAD; prog[p++] = 2; prog[p++] = LT;
    prog[p++] = JZ; done = p; prog[p++] = 0;
    prog[p++] = LOAD; prog[p++] = 0; prog[p++] = DUP; prog[p++] = MUL; prog[p++] = PUSH; prog[p++] = 7;
    prog[p++] = MOD; prog[p++] = LOAD; prog[p++] = 1; prog[p++] = ADD; prog[p++] = STORE; prog[p++] = 1;
    prog[p++] = LOAD; prog[p++] = 0; prog[p++] = PUSH; prog[p++] = 15; prog[p++] = AND; prog[p++] = STORE; prog[p++] = 3;
    inner = p;
    prog[p++] = LOAD; prog[p++] = 3; prog[p++] = JZ; inner_end = p; prog[p++] = 0;
    prog[p++] = LOAD; prog[p++] = 1; prog[p++] = LOAD; prog[p++] = 3; prog[p++] = ADD; prog[p++] = STORE; prog[p++] = 1;
    prog[p++] = LOAD; prog[p++] = 3; prog[p++] = PUSH; prog[p++] = 1; prog[p++] = SHR; prog[p++] = STORE; prog[p++] = 3;
    prog[p++] = JMP; prog[p++] = inner;
    prog[inner_end] = p;
    prog[p++] = LOAD; prog[p++] = 0; prog[p++] = PUSH; prog[p++] = 1; prog[p++] = ADD; prog[p++] = STORE; prog[p++] = 0;
    prog[p++] = JMP; prog[p++] = loop;
    prog[done] = p;
    prog[p++] = HALT;
    int64_t vars[4] = {0, 0, n, 0};
    printf("%lld\n", (long long)run(prog, vars));
    return 0;
}
