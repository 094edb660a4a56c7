/* Dense matrix multiply, doubles, i-k-j loop order. argv[1] = n (default
 * 800), repeated 3 times. Prints a checksum of the result. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 800;
    double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n), *c = malloc(sizeof(double) * n * n);
    for (int i = 0; i < n * n; i++) {
        a[i] = (double)((i * 7) % 13) / 13.0 - 0.5;
        b[i] = (double)((i * 11) % 17) / 17.0 - 0.5;
    }
    double sum = 0;
    for (int rep = 0; rep < 3; rep++) {
        for (int i = 0; i < n * n; i++) c[i] = 0;
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
            }
        for (int i = 0; i < n * n; i++) sum += c[i] * ((i % 7) + 1);
        a[rep] += 1.0;
    }
    printf("%.6f\n", sum);
    return 0;
}
