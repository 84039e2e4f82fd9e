// The parts of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Histogram {
      average: number; mean: number; stddev: number; min: number; max: number; total?: number;
      p1: number; p2_5: number; p10: number; p25: number; p50: number; p75: number; p90: number; p97_5: number; p99: number; p99_9: number;
    }

    interface Result {
      url: string;
      /** Seconds the run really lasted. */
      duration: number;
      connections: number;
      latency: Histogram;
      requests: Histogram & { total: number; sent: number };
      throughput: Histogram;
      errors: number;
      timeouts: number;
      mismatches: number;
      resets: number;
      non2xx: number;
      '1xx': number; '2xx': number; '3xx': number; '4xx': number; '5xx': number;
      statusCodeStats: Record<string, { count: number }>;
    }

    interface RequestSpec {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      setupRequest?: (req: RequestSpec, context: Record<string, unknown>) => RequestSpec | null;
      onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
    }

    interface Client extends EventEmitter {
      opts: { initialContext?: unknown } & Record<string, unknown>;
      setRequests(requests: RequestSpec[]): void;
    }

    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      amount?: number;
      timeout?: number;
      pipelining?: number;
      workers?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      /** A function, or (with `workers`) the absolute path of a module exporting one. */
      setupClient?: string | ((client: Client) => void);
      requests?: RequestSpec[];
      initialContext?: Record<string, unknown>;
      idReplacement?: boolean;
    }
  }

  function autocannon(opts: autocannon.Options): Promise<autocannon.Result> & EventEmitter;
  export = autocannon;
}
