/* The unit-test runner: `plenum_tests NAME` runs one test, `plenum_tests` runs them all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "test.h"

int test_failures;
static char tmpdir[4096];

#define TEST_ENTRY(name) void test_##name(void);
#include "test-list.h"
#undef TEST_ENTRY

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
#define TEST_ENTRY(name) {#name, test_##name},
#include "test-list.h"
#undef TEST_ENTRY
};

const char *test_data(const char *rel)
{
	static char path[8][4096];
	static int next;
	char *p = path[next++ % 8];
	snprintf(p, sizeof path[0], "%s/%s", PLENUM_TEST_DATA, rel);
	return p;
}

const char *test_tmpdir(void)
{
	if (!tmpdir[0]) {
		const char *base = getenv("TMPDIR");
		snprintf(tmpdir, sizeof tmpdir, "%s/plenum-test-XXXXXX", base ? base : "/tmp");
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			exit(2);
		}
	}
	return tmpdir;
}

int test_put(const char *dir, const char *name, const char *text)
{
	char path[8400];
	snprintf(path, sizeof path, "%s%s%s", dir ? dir : "", dir ? "/" : "", name);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	int bad = fputs(text, f) < 0;
	return fclose(f) || bad ? -1 : 0;
}

static void cleanup(void)
{
	if (tmpdir[0]) {
		char cmd[4200];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
}

static int run(size_t k)
{
	int before = test_failures;
	tests[k].fn();
	printf("%s %s\n", test_failures == before ? "ok  " : "FAIL", tests[k].name);
	return test_failures == before;
}

int main(int argc, char **argv)
{
	size_t n = sizeof tests / sizeof tests[0];
	int passed = 0, failed = 0;
	atexit(cleanup);
	for (size_t k = 0; k < n; k++) {
		if (argc > 1 && strcmp(argv[1], "--list") == 0) {
			printf("%s\n", tests[k].name);
			continue;
		}
		if (argc > 1 && strcmp(argv[1], tests[k].name) != 0)
			continue;
		if (run(k))
			passed++;
		else
			failed++;
	}
	if (argc > 1 && strcmp(argv[1], "--list") == 0)
		return 0;
	if (passed + failed == 0) {
		fprintf(stderr, "no test named %s\n", argv[1]);
		return 2;
	}
	return failed ? 1 : 0;
}
