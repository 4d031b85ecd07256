/* Benchmark of labour values (v = vA + l) on generated economies of growing size, beside this
 * machine's memory bandwidth (the floor for a sweep) and a dense LU solve of (I-A)^T v = l
 * (what dense tools do). Every measurement runs in a child process of its own (this binary
 * re-executed) so that each peak RSS is its own; the largest economies are generated once by
 * `plenum gen --binary` into a cache file and mapped, so the generator's memory is not counted.
 * Prints a markdown section (docs/performance.md, "## Labour values").
 *
 *     bench_values [--sizes N,N,...] [--inputs K] [--tol T] [--threads T] [--method M]
 *                  [--plenum BIN] [--cache DIR] [--file-min N] [--dense-n N] [--stream-mb MB]
 *                  [--timeout S] */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#ifdef PLENUM_HAVE_LAPACKE
#include <lapacke.h>
#endif
#include "core/econ.h"
#include "plenum/engine.h"

#define SEED 1
#define MAX_SIZES 16
#define STREAM_REPS 5

typedef struct opts {
	int64_t sizes[MAX_SIZES];
	int nsizes;
	int64_t inputs, file_min, dense_n, stream_mb;
	double tol, timeout;
	int threads;
	const char *method, *plenum, *cache;
} opts;

/* What a child reported: up to 12 numbers on one line, its peak RSS and how it ended. */
typedef struct child {
	double f[12];
	int nf;
	double rss_mb, seconds;
	int ok, timed_out;
} child;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- child: labour values at one size ------------------------------------------------ */

/* Relative residual ||l + vA - v||_inf / ||l||_inf (the solver's norm), per product, A and l
 * scaled by each technique's output: an independent check of what the solver reports. */
static double checked_residual(const plenum_economy *e, const double *v)
{
	const int64_t *Ap = e->in.p;
	const int32_t *Ai = e->in.i;
	const double *Ax = e->in.x;
	double rmax = 0, lmax = 0;
#ifdef _OPENMP
#pragma omp parallel for reduction(max : rmax, lmax) schedule(static)
#endif
	for (int64_t t = 0; t < e->nt; t++) {
		double s = e->tlab[t];
		for (int64_t k = Ap[t]; k < Ap[t + 1]; k++)
			s += Ax[k] * v[Ai[k]];
		double r = s / e->tout[t] - v[e->tprod[t]], l = e->tlab[t] / e->tout[t];
		rmax = fmax(rmax, fabs(r));
		lmax = fmax(lmax, fabs(l));
	}
	return lmax > 0 ? rmax / lmax : rmax;
}

/* Reads the file through once so that its pages are in the page cache: a sweep then maps
 * them from memory, not from disk, whatever ran before. Nothing is kept, so RSS is unchanged. */
static void warm_page_cache(const char *file)
{
	static char buf[1 << 20];
	FILE *f = fopen(file, "rb");
	while (f && fread(buf, 1, sizeof buf, f) == sizeof buf)
		;
	if (f)
		fclose(f);
}

/* The economy of n products: mapped from file when one is given, else generated here. */
static int load(int64_t n, int64_t k, const char *file, plenum_economy **e)
{
	plenum_diag d = {0};
	plenum_gen_opts g = {.products = n, .inputs = k, .seed = SEED, .techniques_per_product = 1};
	int rc = file ? plenum_economy_open(file, 0, e, &d) : plenum_economy_generate(&g, e, &d);
	if (rc) {
		fprintf(stderr, "bench_values: %s\n", d.message);
		return rc;
	}
	if (plenum_economy_products(*e) != n) {
		fprintf(stderr, "bench_values: %s has %lld products, not %lld: remove it\n", file,
		        (long long)plenum_economy_products(*e), (long long)n);
		return PLENUM_EFORMAT;
	}
	return PLENUM_OK;
}

static plenum_method method_of(const char *s)
{
	if (!strcmp(s, "jacobi"))
		return PLENUM_METHOD_JACOBI;
	if (!strcmp(s, "gauss-seidel"))
		return PLENUM_METHOD_GAUSS_SEIDEL;
	if (!strcmp(s, "gmres"))
		return PLENUM_METHOD_GMRES;
	return PLENUM_METHOD_AUTO;
}

/* Solves for the labour values of e into v. */
static int solve(const plenum_economy *e, double tol, int threads, const char *method, double *v,
                 plenum_solve_info *info)
{
	plenum_solve_opts o;
	plenum_diag d = {0};
	plenum_solve_opts_init(&o);
	o.tolerance = tol;
	o.threads = threads;
	o.method = method_of(method);
	int rc = plenum_labour_values(e, &o, v, NULL, info, &d);
	if (rc)
		fprintf(stderr, "bench_values: labour values: %s\n", d.message);
	return rc;
}

/* Prints: products, non-zeros, load s, solve s, iterations, method, solver residual,
 * checked residual, converged. */
static int child_values(int64_t n, int64_t k, double tol, int threads, const char *method,
                        const char *file)
{
	plenum_economy *e = NULL;
	plenum_solve_info info = {0};
	if (file)
		warm_page_cache(file);
	double t0 = now();
	if (load(n, k, file, &e))
		return 1;
	double t1 = now();
	double *v = malloc((size_t)n * sizeof *v);
	int rc = v ? solve(e, tol, threads, method, v, &info) : PLENUM_ENOMEM;
	double t2 = now();
	if (!rc)
		printf("%lld %lld %.6f %.6f %lld %d %.6e %.6e %d\n", (long long)n,
		       (long long)plenum_economy_inputs(e), t1 - t0, t2 - t1,
		       (long long)info.iterations, (int)info.method, info.residual,
		       checked_residual(e, v), info.converged);
	free(v);
	plenum_economy_free(e);
	return rc != 0;
}

/* ---- child: memory bandwidth ----------------------------------------------------------- */

/* Sum of a, b and c [0..n): three streams read at once, as a sweep reads A's values, its
 * column indices and its row offsets (one stream alone reads slower on many machines), with
 * the adds in a tree so that they keep up with the loads. */
static double read_kernel(const double *a, const double *b, const double *c, int64_t n)
{
	double s = 0;
#ifdef _OPENMP
#pragma omp parallel for reduction(+ : s) schedule(static)
#endif
	for (int64_t k = 0; k < n / 4; k++) {
		const double *x = a + 4 * k, *y = b + 4 * k, *z = c + 4 * k;
		s += ((x[0] + x[1]) + (x[2] + x[3])) + ((y[0] + y[1]) + (y[2] + y[3])) +
		     ((z[0] + z[1]) + (z[2] + z[3]));
	}
	return s;
}

/* a = b + s c (STREAM's triad). */
static void triad_kernel(double *a, const double *b, const double *c, double s, int64_t n)
{
#ifdef _OPENMP
#pragma omp parallel for schedule(static)
#endif
	for (int64_t i = 0; i < n; i++)
		a[i] = b[i] + s * c[i];
}

/* Prints: read GB/s (24 bytes per element), triad GB/s (STREAM's count: 24 bytes per element,
 * the write-allocate read not counted), MB per array. */
static int child_stream(int64_t mb)
{
	int64_t n = mb * (1 << 20) / 8 / 8 * 8;
	double *a = malloc((size_t)n * 8), *b = malloc((size_t)n * 8), *c = malloc((size_t)n * 8);
	double best_r = INFINITY, best_t = INFINITY, sink = 0;
	if (!a || !b || !c) {
		fprintf(stderr, "bench_values: no memory for three arrays of %lld MB\n",
		        (long long)mb);
		free(a), free(b), free(c);
		return 1;
	}
#ifdef _OPENMP
#pragma omp parallel for schedule(static)
#endif
	for (int64_t i = 0; i < n; i++) /* first touch by the thread that will read it */
		a[i] = 1, b[i] = 2, c[i] = 0.5;
	for (int r = 0; r < STREAM_REPS; r++) {
		double t0 = now();
		sink += read_kernel(a, b, c, n);
		double t1 = now();
		triad_kernel(a, b, c, 3.0, n);
		double t2 = now();
		best_r = fmin(best_r, t1 - t0);
		best_t = fmin(best_t, t2 - t1);
		sink += a[r];
	}
	printf("%.6f %.6f %lld %g\n", 24.0 * (double)n / best_r / 1e9,
	       24.0 * (double)n / best_t / 1e9, (long long)mb, sink > 0 ? 0.0 : 1.0);
	free(a), free(b), free(c);
	return 0;
}

/* ---- child: dense LU ------------------------------------------------------------------ */

#ifdef PLENUM_HAVE_LAPACKE
/* M = (I - A)^T in technique scaling (column-major, n x n) and rhs = labour: row j of the
 * system is technique t's balance v_j out_t - sum_k q_k v_{i_k} = labour_t. */
static void dense_system(const plenum_economy *e, double *M, double *rhs)
{
	int64_t n = e->np;
	for (int64_t t = 0; t < e->nt; t++) {
		int64_t j = e->tprod[t];
		M[j + j * n] += e->tout[t];
		for (int64_t k = e->in.p[t]; k < e->in.p[t + 1]; k++)
			M[j + (int64_t)e->in.i[k] * n] -= e->in.x[k];
		rhs[j] = e->tlab[t];
	}
}

/* Max |a - b| / max |b|. */
static double rel_diff(const double *a, const double *b, int64_t n)
{
	double dm = 0, bm = 0;
	for (int64_t i = 0; i < n; i++) {
		dm = fmax(dm, fabs(a[i] - b[i]));
		bm = fmax(bm, fabs(b[i]));
	}
	return bm > 0 ? dm / bm : dm;
}

/* Prints: n, LU seconds, GFLOP/s (2/3 n^3 + 2 n^2 flops), matrix GB, max relative difference
 * from the sparse solver's values. */
static int child_dense(int64_t n, int64_t k, double tol, int threads, const char *method)
{
	plenum_economy *e = NULL;
	plenum_solve_info info = {0};
	int rc = 1;
	if (load(n, k, NULL, &e))
		return 1;
	double *M = calloc((size_t)(n * n), sizeof *M), *rhs = calloc((size_t)n, sizeof *rhs);
	double *v = malloc((size_t)n * sizeof *v);
	lapack_int *piv = malloc((size_t)n * sizeof *piv);
	if (!M || !rhs || !v || !piv) {
		fprintf(stderr, "bench_values: no memory for a dense %lld x %lld matrix\n",
		        (long long)n, (long long)n);
		goto done;
	}
	dense_system(e, M, rhs);
	double t0 = now();
	lapack_int info_lu = LAPACKE_dgesv(LAPACK_COL_MAJOR, (lapack_int)n, 1, M, (lapack_int)n,
	                                   piv, rhs, (lapack_int)n);
	double t1 = now(), dn = (double)n;
	if (info_lu != 0) {
		fprintf(stderr, "bench_values: dgesv failed (info %d)\n", (int)info_lu);
		goto done;
	}
	if (solve(e, tol, threads, method, v, &info))
		goto done;
	printf("%lld %.6f %.6f %.6f %.6e\n", (long long)n, t1 - t0,
	       (2.0 / 3.0 * dn * dn * dn + 2 * dn * dn) / (t1 - t0) / 1e9, 8 * dn * dn / 1e9,
	       rel_diff(rhs, v, n));
	rc = 0;
done:
	free(M), free(rhs), free(v), free(piv);
	plenum_economy_free(e);
	return rc;
}
#endif

static int child_main(int argc, char **argv)
{
	if (argc == 9 && !strcmp(argv[2], "values"))
		return child_values(atoll(argv[3]), atoll(argv[4]), atof(argv[5]), atoi(argv[6]),
		                    argv[7], strcmp(argv[8], "-") ? argv[8] : NULL);
	if (argc == 4 && !strcmp(argv[2], "stream"))
		return child_stream(atoll(argv[3]));
#ifdef PLENUM_HAVE_LAPACKE
	if (argc == 8 && !strcmp(argv[2], "dense"))
		return child_dense(atoll(argv[3]), atoll(argv[4]), atof(argv[5]), atoi(argv[6]),
		                   argv[7]);
#endif
	fprintf(stderr, "bench_values: bad child arguments\n");
	return 2;
}

/* ---- parent: runs children, collects their numbers and peak RSS ------------------------ */

/* Collects the child's stdout into buf until it exits or the time limit passes (then kills
 * it). Returns the wait status, or -1 on timeout. */
static int collect(pid_t pid, int fd, double limit, char *buf, size_t cap, struct rusage *ru)
{
	size_t len = 0;
	int status = 0, open_fd = 1;
	double t0 = now();
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (open_fd && poll(&p, 1, 100) > 0) {
			ssize_t r = read(fd, buf + len, cap - 1 - len);
			open_fd = r > 0;
			len += r > 0 ? (size_t)r : 0;
		} else if (!open_fd) {
			usleep(50000);
		}
		pid_t w = wait4(pid, &status, WNOHANG, ru);
		if (w == pid)
			break;
		if (now() - t0 > limit) {
			kill(pid, SIGKILL);
			wait4(pid, &status, 0, ru);
			buf[len] = '\0';
			return -1;
		}
	}
	ssize_t r;
	while (open_fd && len < cap - 1 && (r = read(fd, buf + len, cap - 1 - len)) > 0)
		len += (size_t)r;
	buf[len] = '\0';
	return status;
}

/* Runs argv (argv[0] a path) as a child with stdout into a pipe, under limit seconds. */
static void run_child(char *const argv[], double limit, child *c)
{
	char buf[4096];
	struct rusage ru = {0};
	int fds[2];
	memset(c, 0, sizeof *c);
	fflush(stdout);
	if (pipe(fds) != 0)
		return;
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]), close(fds[1]);
		execv(argv[0], argv);
		fprintf(stderr, "bench_values: cannot run %s (%s)\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	int status = pid > 0 ? collect(pid, fds[0], limit, buf, sizeof buf, &ru) : 1;
	close(fds[0]);
	c->seconds = now() - t0;
	c->rss_mb = (double)ru.ru_maxrss / 1024.0;
	c->timed_out = status == -1;
	c->ok = status == 0;
	char *s = buf, *end;
	while (c->ok && c->nf < 12 && (c->f[c->nf] = strtod(s, &end), end != s)) {
		c->nf++;
		s = end;
	}
}

static void run_self(const opts *o, char **args, child *c)
{
	char *argv[12] = {"/proc/self/exe", "--child"};
	for (int i = 0; args[i] && i < 9; i++)
		argv[i + 2] = args[i];
	run_child(argv, o->timeout, c);
}

/* ---- parent: the tables ---------------------------------------------------------------- */

/* "10^7" for powers of ten, else the number. */
static const char *size_name(int64_t n, char *buf, size_t cap)
{
	int p = 0;
	int64_t m = n;
	while (m >= 10 && m % 10 == 0)
		m /= 10, p++;
	if (m == 1 && p >= 3)
		snprintf(buf, cap, "10^%d", p);
	else
		snprintf(buf, cap, "%lld", (long long)n);
	return buf;
}

/* "3.2 s", "4.1 h", "2.3 days", "1.2e+03 years". */
static const char *duration(double s, char *buf, size_t cap)
{
	if (s < 120)
		snprintf(buf, cap, "%.3g s", s);
	else if (s < 7200)
		snprintf(buf, cap, "%.3g min", s / 60);
	else if (s < 2 * 86400)
		snprintf(buf, cap, "%.3g h", s / 3600);
	else if (s < 2 * 365.25 * 86400)
		snprintf(buf, cap, "%.3g days", s / 86400);
	else
		snprintf(buf, cap, "%.3g years", s / (365.25 * 86400));
	return buf;
}

/* "1.2 GB", "3.4 TB". */
static const char *bytes(double b, char *buf, size_t cap)
{
	static const char *unit[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
	int u = 0;
	while (b >= 1000 && u < 6)
		b /= 1000, u++;
	snprintf(buf, cap, "%.3g %s", b, unit[u]);
	return buf;
}

static const char *method_name(int m)
{
	static const char *names[] = {"auto", "Jacobi", "Gauss-Seidel", "GMRES"};
	return m >= 0 && m <= 3 ? names[m] : "?";
}

/* Memory bandwidth: c->f = read GB/s, triad GB/s, MB per array. */
static void measure_bandwidth(const opts *o, child *c)
{
	char mb[32];
	snprintf(mb, sizeof mb, "%lld", (long long)o->stream_mb);
	run_self(o, (char *[]){"stream", mb, NULL}, c);
	if (!c->ok || c->nf < 3) {
		fprintf(stderr, "bench_values: bandwidth run failed\n");
		c->ok = 0;
	}
}

#ifdef PLENUM_HAVE_LAPACKE
/* The dense size asked for, made smaller until the matrix takes at most a third of the
 * machine's memory. */
static int64_t dense_size(const opts *o)
{
	double phys = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);
	int64_t n = o->dense_n;
	while (n > 100 && 8.0 * (double)n * (double)n > phys / 3)
		n = n / 10 * 9;
	return n;
}
#endif

/* Dense LU: c->f = n, seconds, GFLOP/s, GB, difference from the sparse values. */
static void measure_dense(const opts *o, child *c)
{
	memset(c, 0, sizeof *c);
#ifdef PLENUM_HAVE_LAPACKE
	char n[32], k[32], tol[32], th[32];
	snprintf(n, sizeof n, "%lld", (long long)dense_size(o));
	snprintf(k, sizeof k, "%lld", (long long)o->inputs);
	snprintf(tol, sizeof tol, "%g", o->tol);
	snprintf(th, sizeof th, "%d", o->threads);
	run_self(o, (char *[]){"dense", n, k, tol, th, (char *)o->method, NULL}, c);
	if (!c->ok || c->nf < 5) {
		fprintf(stderr, "bench_values: dense LU at n = %lld failed%s\n",
		        (long long)dense_size(o), c->timed_out ? " (time limit)" : "");
		c->ok = 0;
	}
#endif
}

static void machine_table(const opts *o, const child *bw, const child *lu)
{
	puts("| measurement | result | peak RSS MiB |");
	puts("|---|---:|---:|");
	if (bw->ok)
		printf("| memory bandwidth, read (sum of 3 x %lld MB at once, best of %d) | %.1f "
		       "GB/s | %.0f |\n"
		       "| memory bandwidth, triad (a = b + s c, 3 x %lld MB, best of %d) | %.1f "
		       "GB/s | "
		       "%.0f |\n",
		       (long long)o->stream_mb, STREAM_REPS, bw->f[0], bw->rss_mb,
		       (long long)o->stream_mb, STREAM_REPS, bw->f[1], bw->rss_mb);
	else
		puts("| memory bandwidth | failed | |");
#ifdef PLENUM_HAVE_LAPACKE
	char b1[32], b2[32];
	if (lu->ok)
		printf("| dense LU (LAPACKE dgesv) of (I-A)^T v = l, n = %lld (%s matrix); max "
		       "relative "
		       "difference from the sparse solver %.1e | %s, %.1f GFLOP/s | %.0f |\n",
		       (long long)lu->f[0], bytes(lu->f[3] * 1e9, b1, sizeof b1), lu->f[4],
		       duration(lu->f[1], b2, sizeof b2), lu->f[2], lu->rss_mb);
	else
		printf("| dense LU, n = %lld | %s | |\n", (long long)dense_size(o),
		       lu->timed_out ? "time limit reached" : "failed");
#else
	puts("| dense LU | skipped: built without LAPACKE (scripts/install-deps installs "
	     "liblapacke-dev "
	     "and libopenblas-dev; re-run cmake) | |");
#endif
	puts("");
}

/* Bytes one sweep must read: A's values and column indices, its row offsets, the labour
 * vector and the value vector once (gathers of v that hit the cache are not counted). */
static double sweep_bytes(double n, double nnz)
{
	return 12 * nnz + 8 * (n + 1) + 16 * n;
}

/* The cached binary economy of n products, generated by `plenum gen --binary` in a child
 * when missing. Returns 0 when it is there. */
static int cached_economy(const opts *o, int64_t n, char *path, size_t cap, child *gen)
{
	char ns[32], ks[32], seed[32];
	struct stat st;
	memset(gen, 0, sizeof *gen);
	snprintf(path, cap, "%s/econ-%lld-%lld-%d.bin", o->cache, (long long)n,
	         (long long)o->inputs, SEED);
	if (stat(path, &st) == 0)
		return 0;
	mkdir(o->cache, 0777);
	snprintf(ns, sizeof ns, "%lld", (long long)n);
	snprintf(ks, sizeof ks, "%lld", (long long)o->inputs);
	snprintf(seed, sizeof seed, "%d", SEED);
	char *argv[] = {(char *)o->plenum, "gen", "--products", ns,   "--inputs", ks,
	                "--seed",          seed,  "-o",         path, "--binary", NULL};
	run_child(argv, o->timeout, gen);
	gen->ok = gen->ok && stat(path, &st) == 0;
	if (!gen->ok)
		fprintf(stderr, "bench_values: %s gen --products %s failed%s\n", o->plenum, ns,
		        gen->timed_out ? " (time limit)" : "");
	return !gen->ok;
}

/* One row of the table; returns 0 when the size was measured. */
static int size_row(const opts *o, int64_t n, const child *bw, const child *lu, child *gen,
                    child *res)
{
	char path[4096], name[32], ns[32], k[32], tol[32], th[32], ex[80], b1[32], b2[32];
	const char *file = "-";
	child c;
	memset(res, 0, sizeof *res);
	size_name(n, name, sizeof name);
	snprintf(ns, sizeof ns, "%lld", (long long)n);
	if (n >= o->file_min) {
		if (cached_economy(o, n, path, sizeof path, gen)) {
			printf("| %s | generation failed | | | | | | | | | | | |\n", name);
			return 1;
		}
		file = path;
	}
	snprintf(k, sizeof k, "%lld", (long long)o->inputs);
	snprintf(tol, sizeof tol, "%g", o->tol);
	snprintf(th, sizeof th, "%d", o->threads);
	char *args[] = {"values", ns, k, tol, th, (char *)o->method, (char *)file, NULL};
	run_self(o, args, &c);
	if (!c.ok && !c.timed_out && file == path && !gen->ok) {
		/* a cached file from an older build may not open: generate it again, once */
		fprintf(stderr, "bench_values: generating %s again\n", path);
		remove(path);
		if (!cached_economy(o, n, path, sizeof path, gen))
			run_self(o, args, &c);
	}
	if (!c.ok || c.nf < 9) {
		printf("| %s | %s | | | | | | | | | | | |\n", name,
		       c.timed_out ? "time limit reached" : "failed");
		return 1;
	}
	double nnz = c.f[1], sec = c.f[3], it = c.f[4], bpsweep = sweep_bytes((double)n, nnz);
	double eff = bpsweep * it / sec / 1e9, dn = lu->ok ? (double)n / lu->f[0] : 0;
	if (lu->ok)
		snprintf(ex, sizeof ex, "%s, %s", duration(lu->f[1] * dn * dn * dn, b1, sizeof b1),
		         bytes(8.0 * (double)n * (double)n, b2, sizeof b2));
	else
		snprintf(ex, sizeof ex, "-");
	printf("| %s | %.0f | %s | %.3f | %.3f | %.0f | %s | %.1e | %.1e%s | %.1f | %.2f | %.0f | "
	       "%s |\n",
	       name, nnz, strcmp(file, "-") ? "mapped file" : "generated", c.f[2], sec, it,
	       method_name((int)c.f[5]), c.f[6], c.f[7], c.f[8] ? "" : " (not converged)", eff,
	       bw->ok ? bw->f[0] / eff : NAN, c.rss_mb, ex);
	*res = c;
	return !c.f[8];
}

/* The target at 10^7 products x 20 inputs: under 10 s to 1e-8, peak RSS under 4 GB. */
static void target_note(const opts *o, const child *res)
{
	for (int s = 0; s < o->nsizes; s++) {
		if (o->sizes[s] != 10000000 || o->inputs != 20 || o->tol > 1e-8)
			continue;
		const child *c = &res[s];
		if (!c->ok || c->nf < 9) {
			puts("- target (10^7 products x 20 inputs to 1e-8 in under 10 s, peak RSS "
			     "under "
			     "4 GB): not measured (the run failed).");
			continue;
		}
		int fast = c->f[3] < 10 && c->f[8], small = c->rss_mb * 1048576 < 4e9;
		printf("- target (10^7 products x 20 inputs to 1e-8 in under 10 s, peak RSS under "
		       "4 GB): "
		       "%s: %.1f s (%s), %.0f MiB (%s).\n",
		       fast && small ? "met" : "NOT met", c->f[3], fast ? "met" : "not met",
		       c->rss_mb, small ? "met" : "not met");
	}
}

static void gen_notes(const opts *o, const child *gens)
{
	char name[32];
	for (int s = 0; s < o->nsizes; s++)
		if (gens[s].ok)
			printf("- %s products: generated in this run by `plenum gen --binary` in "
			       "%.1f s, peak "
			       "RSS %.0f MiB (a separate process, not counted above).\n",
			       size_name(o->sizes[s], name, sizeof name), gens[s].seconds,
			       gens[s].rss_mb);
}

static int parent_main(const opts *o)
{
	child bw, lu, gens[MAX_SIZES], res[MAX_SIZES];
	int failed = 0;
	printf("## Labour values\n\n`bench/bench_values`: labour values v = vA + l of generated "
	       "economies (`plenum gen`, seed %d, %lld inputs per product on average), solver "
	       "`%s`, tolerance %g on the relative residual, %d threads (0: OpenMP's default).\n\n",
	       SEED, (long long)o->inputs, o->method, o->tol, o->threads);
	measure_bandwidth(o, &bw);
	measure_dense(o, &lu);
	machine_table(o, &bw, &lu);
	failed |= !bw.ok;
	puts("| products | non-zeros | source | load s | solve s | iterations | method | residual "
	     "(solver) | residual (checked) | effective GB/s | x bandwidth floor | peak RSS MiB | "
	     "dense LU (extrapolated n^3), its matrix |");
	puts("|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
	for (int s = 0; s < o->nsizes; s++)
		failed |= size_row(o, o->sizes[s], &bw, &lu, &gens[s], &res[s]);
	puts("");
	target_note(o, res);
	gen_notes(o, gens);
	printf(
	    "- effective GB/s: bytes one sweep must read (12 per non-zero for A's values and "
	    "column "
	    "indices, 8 per row offset, 16 per product for labour and values) x iterations / "
	    "solve s; x bandwidth floor: solve s / (the same bytes / the read bandwidth above), "
	    "1 would be a solve at the speed of memory.\n"
	    "- residual (checked): ||l + vA - v||_inf / ||l||_inf recomputed by the benchmark from "
	    "the economy, apart from the solver.\n"
	    "- peak RSS: of the process that loads and solves one size (a mapped file's pages "
	    "count once touched).\n");
	return failed;
}

/* ---- options -------------------------------------------------------------------------- */

static int parse_sizes(const char *s, opts *o)
{
	char *end;
	o->nsizes = 0;
	while (*s && o->nsizes < MAX_SIZES) {
		double v = strtod(s, &end);
		if (end == s || v < 1)
			return 1;
		o->sizes[o->nsizes++] = (int64_t)llround(v);
		s = *end == ',' ? end + 1 : end;
	}
	return *s != '\0';
}

static int parse_opts(int argc, char **argv, opts *o)
{
	*o = (opts){.inputs = 20,
	            .file_min = 1000000,
	            .dense_n = 20000,
	            .stream_mb = 1024,
	            .tol = 1e-8,
	            .timeout = 900,
	            .method = "auto",
	            .plenum = "build/plenum",
	            .cache = "build/bench/cache"};
	parse_sizes("1e4,1e5,1e6,1e7", o);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			return 1;
		i++;
		if (!strcmp(a, "--sizes")) {
			if (parse_sizes(v, o))
				return 1;
		} else if (!strcmp(a, "--inputs"))
			o->inputs = atoll(v);
		else if (!strcmp(a, "--tol"))
			o->tol = atof(v);
		else if (!strcmp(a, "--threads"))
			o->threads = atoi(v);
		else if (!strcmp(a, "--method"))
			o->method = v;
		else if (!strcmp(a, "--plenum"))
			o->plenum = v;
		else if (!strcmp(a, "--cache"))
			o->cache = v;
		else if (!strcmp(a, "--file-min"))
			o->file_min = llround(atof(v));
		else if (!strcmp(a, "--dense-n"))
			o->dense_n = llround(atof(v));
		else if (!strcmp(a, "--stream-mb"))
			o->stream_mb = atoll(v);
		else if (!strcmp(a, "--timeout"))
			o->timeout = atof(v);
		else
			return 1;
	}
	return o->inputs < 0 || !(o->tol > 0) || o->dense_n < 1 || o->stream_mb < 1 ||
	       !(o->timeout > 0);
}

int main(int argc, char **argv)
{
	opts o;
	if (argc > 1 && !strcmp(argv[1], "--child"))
		return child_main(argc, argv);
	if (parse_opts(argc, argv, &o)) {
		fprintf(stderr,
		        "usage: bench_values [--sizes N,N,...] [--inputs K] [--tol T] "
		        "[--threads T] [--method auto|jacobi|gauss-seidel|gmres] [--plenum BIN] "
		        "[--cache DIR] [--file-min N] [--dense-n N] [--stream-mb MB] "
		        "[--timeout S]\n");
		return 2;
	}
	return parent_main(&o) ? 1 : 0;
}
