/*
 * FloorPulse's ClickHouse launcher: runs the ClickHouse inside the chdb npm package (libchdb.so,
 * ClickHouse 26.7) as a process of its own that serves HTTP on loopback, so FloorPulse talks to it
 * exactly as it talks to a ClickHouse server: real users and grants, queries that run concurrently,
 * and ClickHouse's memory outside Node's heap (docs/operations.md, "The embedded engine").
 *
 * Usage: launcher <path/to/libchdb.so> <clickhouse-local arguments...>
 * The arguments carry --query='SYSTEM START LISTEN HTTP; <a query that blocks>': clickhouse-local
 * serves HTTP only while a query of its own runs (26.6+), so the second statement never returns.
 *
 * It is not a ClickHouse server: no replication, no config reload, one data directory. A floor that
 * outgrows one process sets CLICKHOUSE_URL to a real server instead.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <unistd.h>

/* chdb.h's struct local_result_v2 (the stable ABI of query_stable_v2). */
struct local_result_v2 {
  char *buf;
  size_t len;
  void *vec;
  double elapsed;
  unsigned long rows_read;
  unsigned long bytes_read;
  char *error_message;
};
typedef struct local_result_v2 *(*query_fn)(int, char **);

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s <libchdb.so> <clickhouse-local args...>\n", argv[0]);
    return 2;
  }
  /* Whatever happens to FloorPulse (even SIGKILL), its engine goes with it: no orphan holds the data directory. */
#ifdef __linux__
  pid_t parent = getppid();
  if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent) return 3;
#endif

  void *lib = dlopen(argv[1], RTLD_NOW | RTLD_GLOBAL);
  if (!lib) {
    fprintf(stderr, "launcher: cannot load %s: %s\n", argv[1], dlerror());
    return 4;
  }
  query_fn query = (query_fn)dlsym(lib, "query_stable_v2");
  if (!query) {
    fprintf(stderr, "launcher: %s has no query_stable_v2\n", argv[1]);
    return 5;
  }
  /* clickhouse-local reads its own argv[0] as the program name. */
  argv[1] = "clickhouse";
  struct local_result_v2 *result = query(argc - 1, argv + 1);
  if (!result) {
    fprintf(stderr, "launcher: the engine returned nothing\n");
    return 6;
  }
  if (result->error_message) {
    fprintf(stderr, "launcher: %s\n", result->error_message);
    return 1;
  }
  /* A one-shot run (the legacy move) prints its answer; a serving run ends only when its query is killed. */
  if (result->buf && result->len > 0) fwrite(result->buf, 1, result->len, stdout);
  fprintf(stderr, "launcher: the engine's serving query ended\n");
  return 0;
}
