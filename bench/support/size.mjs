// Each benchmark runs at its full size, or at its smallest when BENCH_SMOKE=1 (bench/smoke.mjs sets
// it): a check that the benchmark still runs, whose figures mean little.
export const smoke = process.env.BENCH_SMOKE === "1";
