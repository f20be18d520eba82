// first-record CMD ARGS...: runs CMD with stdout on a pipe, prints the ms from exec to its first stdout line and the CPU ms it used until then, then ends it.
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: first-record CMD ARGS...\n"); return 2; }
  int fd[2]; if (pipe(fd)) { perror("pipe"); return 1; }
  double start = now_ms();
  pid_t pid = fork();
  if (pid == 0) { dup2(fd[1], 1); close(fd[0]); close(fd[1]); execvp(argv[1], argv + 1); perror("exec"); _exit(127); }
  close(fd[1]);
  char c; double first = -1;
  while (read(fd[0], &c, 1) == 1) if (c == '\n') { first = now_ms() - start; break; }
  long ticks = -1; char path[64]; snprintf(path, sizeof path, "/proc/%d/stat", pid);
  FILE *f = fopen(path, "r");
  if (f) { unsigned long u, s; if (fscanf(f, "%*d %*s %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &u, &s) == 2) ticks = u + s; fclose(f); }
  kill(pid, SIGTERM); waitpid(pid, NULL, 0);
  if (first < 0) { fprintf(stderr, "first-record: no line\n"); return 1; }
  printf("%.1f %ld\n", first, ticks * 1000 / sysconf(_SC_CLK_TCK));
  return 0;
}
