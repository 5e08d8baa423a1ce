/**
 * API metrics. Labels are routes, status codes and outcomes: never ids, names or any other
 * value from a request (they could be PHI, and they would explode the series count).
 */
import { Counter } from "prom-client";
import type { Registry } from "prom-client";

export class ApiMetrics {
  private readonly requests: Counter<"route" | "status">;
  private readonly encounters: Counter<"outcome">;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: "claimgate_http_requests_total",
      help: "HTTP requests by route pattern and status code.",
      labelNames: ["route", "status"],
      registers: [registry],
    });
    this.encounters = new Counter({
      name: "claimgate_encounters_total",
      help: "Coded encounters posted, by outcome (received, invalid, duplicate).",
      labelNames: ["outcome"],
      registers: [registry],
    });
  }

  observeRequest(route: string, status: number): void {
    this.requests.inc({ route, status: String(status) });
  }

  observeEncounter(outcome: "received" | "invalid" | "duplicate"): void {
    this.encounters.inc({ outcome });
  }
}
