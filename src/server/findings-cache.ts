/**
 * Answers of the findings list (and the sites summary) kept by the findings' data version
 * (`store.findings.version()`, which a database trigger moves on every write to a finding, by any
 * process): while a scan runs, the dashboards polling the list are answered from memory until a
 * finding actually changes, at the cost of one read of the version per request. Answers are kept
 * as the JSON text sent, per path and query; all are dropped when the version moves. Two requests
 * for one answer not kept yet share one read of the store.
 */
export class FindingsCache {
  private version = -1;
  private readonly answers = new Map<string, Promise<string>>();

  constructor(
    private readonly readVersion: () => Promise<number>,
    private readonly maxEntries = 500,
  ) {}

  /** The answer of `key` at the findings' current version: kept, or made by `make` (then kept). */
  async get(key: string, make: () => Promise<unknown>): Promise<string> {
    const version = await this.readVersion();
    if (version !== this.version) {
      this.answers.clear();
      this.version = version;
    }
    let answer = this.answers.get(key);
    if (!answer) {
      if (this.answers.size >= this.maxEntries) this.answers.delete(this.answers.keys().next().value!);
      answer = make().then((value) => JSON.stringify(value));
      this.answers.set(key, answer);
      // A failed read is not kept: the next request asks the store again.
      answer.catch(() => {
        if (this.answers.get(key) === answer) this.answers.delete(key);
      });
    }
    return answer;
  }
}
