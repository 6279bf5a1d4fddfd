/** In-page side of the browser benchmarks: runs the benchmark and leaves its results in window.__results. */
export function publishResults(run: () => Promise<Record<string, unknown>>): void {
  const target = window as unknown as { __results: unknown };
  run().then(
    (results) => {
      target.__results = results;
      (document.getElementById('out') as HTMLElement).textContent = JSON.stringify(results, null, 2);
    },
    (error) => {
      target.__results = { error: String(error?.stack ?? error) };
    },
  );
}
