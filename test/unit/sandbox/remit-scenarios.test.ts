import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { SandboxResponder } from "../../../src/sandbox/responder.js";
import { respondToFile } from "../../../src/sandbox/respond.js";
import type { RespondOptions, Response } from "../../../src/sandbox/respond.js";
import {
  ALLOWED_PERCENT,
  COINSURANCE_PERCENT,
  COPAY_CENTS,
  DEDUCTIBLE_CENTS,
  FIRST_ALLOWED_PERCENT,
} from "../../../src/sandbox/remit-scenarios.js";
import { payerClaimNumber } from "../../../src/sandbox/remit-files.js";
import { SCENARIOS } from "../../../src/sandbox/scenarios.js";
import type { ScenarioName } from "../../../src/sandbox/scenarios.js";
import type { CodedEncounter, ProfessionalEncounter } from "../../../src/domain/encounter.js";
import { readInterchanges } from "../../../src/x12/envelope.js";
import { batch837 } from "../../../src/x12/transactions/837-batch.js";
import type { Kind837 } from "../../../src/x12/transactions/837-common.js";
import { read277ca } from "../../../src/x12/transactions/277ca.js";
import type { ClaimStatus } from "../../../src/x12/transactions/277ca.js";
import { read835, remittanceBalance } from "../../../src/x12/transactions/835.js";
import type { ClaimPayment, Remittance } from "../../../src/x12/transactions/835.js";
import { validateFile } from "../../../src/x12/validator.js";
import {
  CONTROL,
  GATEWAY_ID,
  SANDBOX_ID,
  PROFESSIONAL_EXAMPLES,
  example,
  professionalBatch,
  withScenario,
} from "./fixtures.js";

const NOW = new Date("2026-03-02T08:30:00Z");
/** The office visit example's line charges (the first professional example). */
const OFFICE_VISIT = example(PROFESSIONAL_EXAMPLES[0]).serviceLines.map((l) => l.chargeCents);

function options(overrides: Partial<RespondOptions> = {}): RespondOptions {
  let next = 900;
  return { receiverIds: [SANDBOX_ID], controlNumbers: () => next++, now: () => NOW, ...overrides };
}

interface Answer {
  readonly response: Response;
  readonly names: readonly string[];
  /** 277CA claim statuses, by CLM01. */
  readonly statuses: ReadonlyMap<string, ClaimStatus>;
  /** Each 835 file's remittances, in file order. */
  readonly remits: readonly { readonly name: string; readonly sets: readonly Remittance[] }[];
}

/** An 837 of these encounters as the gateway would send it (the fixtures' parties). */
function batchOf(kind: Kind837, encounters: readonly CodedEncounter[]): string {
  const claims = encounters.map((encounter, i) => ({ encounter, submissionId: `SUB${i + 1}` }));
  return batch837(claims, {
    kind,
    interchangeSender: { qualifier: "ZZ", id: GATEWAY_ID },
    interchangeReceiver: { qualifier: "ZZ", id: SANDBOX_ID },
    groupSender: "CGAPP",
    groupReceiver: "SBXAPP",
    submitter: { name: "Claimgate Test", id: "CG0001", contactName: "Ops", phone: "5555550100" },
    receiver: { name: "Sandbox Payer", id: SANDBOX_ID },
    usage: "T",
    controlNumbers: CONTROL,
    date: "20260301",
    time: "1200",
  }).text;
}

/** Every file validates with no error, its parties are the 837's swapped, and reads back. */
function answer(scenarios: readonly ScenarioName[] | string): Answer {
  const text = typeof scenarios === "string" ? scenarios : professionalBatch(scenarios).text;
  const response = respondToFile(text, options());
  const statuses = new Map<string, ClaimStatus>();
  const remits: { name: string; sets: Remittance[] }[] = [];
  for (const file of response.files) {
    expect(validateFile(file.content).errors, file.name).toBe(0);
    const [isa] = readInterchanges(file.content);
    expect([isa!.sender.id, isa!.receiver.id]).toEqual([SANDBOX_ID, GATEWAY_ID]);
    const sets = isa!.groups.flatMap((g) => g.transactionSets);
    if (file.kind === "277CA") {
      for (const set of sets) {
        for (const claim of read277ca(set, isa!.delimiters).claims) {
          statuses.set(claim.patientControlNumber, claim);
        }
      }
    }
    if (file.kind === "835") {
      const read = sets.map((set) => read835(set, isa!.delimiters));
      for (const remit of read) expect(remittanceBalance(remit).balanced).toBe(true);
      remits.push({ name: file.name, sets: read });
    }
  }
  return { response, names: response.files.map((f) => f.name), statuses, remits };
}

const PCN = example(PROFESSIONAL_EXAMPLES[0]).patientControlNumber;
const ICN = payerClaimNumber(String(CONTROL.isa).padStart(9, "0"), "0007", 1);

function onlyClaim(remit: { sets: readonly Remittance[] }): ClaimPayment {
  const claims = remit.sets.flatMap((s) => s.claims);
  expect(claims).toHaveLength(1);
  return claims[0]!;
}

const allowed = (charge: number, percent = ALLOWED_PERCENT): number =>
  Math.floor((charge * percent) / 100);
const sum = (values: readonly number[]): number => values.reduce((t, v) => t + v, 0);
const casOf = (claim: ClaimPayment): string[] =>
  claim.services.flatMap((s) => s.adjustments.map((a) => `${a.group}-${a.reason}`));

describe("sandbox payer: 277CA and 835 per scenario (one office-visit claim)", () => {
  it("accept-pay: A1:20 with the payer claim number and our trace; paid 80%, CO-45", () => {
    const { names, statuses, remits } = answer(["accept-pay"]);
    expect(names).toEqual(["999-000000900.x12", "277CA-000000903.x12", "835-000000906.x12"]);
    expect(statuses.get(PCN)).toMatchObject({
      payerClaimControlNumber: ICN,
      clearinghouseTrace: "SUB1",
      chargeCents: sum(OFFICE_VISIT),
      rejected: false,
    });
    expect(statuses.get(PCN)!.statuses[0]).toMatchObject({ category: "A1", code: "20" });
    const claim = onlyClaim(remits[0]!);
    expect(claim).toMatchObject({
      patientControlNumber: PCN,
      statusCode: "1",
      payerClaimControlNumber: ICN,
      chargeCents: sum(OFFICE_VISIT),
      paidCents: sum(OFFICE_VISIT.map((c) => allowed(c))),
      patientResponsibilityCents: 0,
    });
    expect(new Set(casOf(claim))).toEqual(new Set(["CO-45"]));
    expect(remits[0]!.sets[0]!.payment.totalCents).toBe(claim.paidCents);
    expect(remits[0]!.sets[0]!.trace?.number).toBe("0000009060908");
  });

  it("partial-pay: copay, deductible and coinsurance as PR-3, PR-1, PR-2 in CLP05", () => {
    const claim = onlyClaim(answer(["partial-pay"]).remits[0]!);
    const first = allowed(OFFICE_VISIT[0]!);
    const copay = Math.min(COPAY_CENTS, first);
    const deductible = Math.min(DEDUCTIBLE_CENTS, first - copay);
    const coinsurance = Math.floor(((first - copay - deductible) * COINSURANCE_PERCENT) / 100);
    expect(claim.services[0]!.adjustments.map((a) => [a.group, a.reason, a.amountCents])).toEqual([
      ["CO", "45", OFFICE_VISIT[0]! - first],
      ["PR", "3", copay],
      ["PR", "1", deductible],
      ["PR", "2", coinsurance],
    ]);
    const patientShare = claim.services
      .flatMap((s) => s.adjustments)
      .filter((a) => a.group === "PR")
      .reduce((t, a) => t + a.amountCents, 0);
    expect(claim.patientResponsibilityCents).toBe(patientShare);
    expect(claim.statusCode).toBe("1");
    expect(claim.paidCents).toBeGreaterThan(0);
  });

  it("partial-line-denied: paid with CO-45, the last line denied CO-97 in full", () => {
    const claim = onlyClaim(answer(["partial-line-denied"]).remits[0]!);
    expect(claim.statusCode).toBe("1");
    const last = claim.services.at(-1)!;
    expect(last).toMatchObject({ paidCents: 0, chargeCents: OFFICE_VISIT.at(-1) });
    expect(last.adjustments).toEqual([
      { group: "CO", reason: "97", amountCents: OFFICE_VISIT.at(-1) },
    ]);
    expect(claim.services[0]!.adjustments.map((a) => `${a.group}-${a.reason}`)).toEqual(["CO-45"]);
  });

  it.each([
    ["deny-coding", "CO", "11"],
    ["deny-eligibility", "CO", "27"],
    ["deny-authorization", "CO", "197"],
    ["deny-timely-filing", "CO", "29"],
    ["deny-duplicate", "CO", "18"],
  ] as const)("%s: accepted by the 277CA, CLP02 4, every line %s-%s", (scenario, group, reason) => {
    const { statuses, remits } = answer([scenario]);
    expect(statuses.get(PCN)!.statuses[0]!.category).toBe("A1");
    expect(remits).toHaveLength(1);
    const claim = onlyClaim(remits[0]!);
    expect(claim).toMatchObject({ statusCode: "4", paidCents: 0, payerClaimControlNumber: ICN });
    expect(casOf(claim)).toEqual(OFFICE_VISIT.map(() => `${group}-${reason}`));
    expect(remits[0]!.sets[0]!.payment).toMatchObject({ handlingCode: "H", totalCents: 0 });
  });

  it("reverse-readjudicate: a second 835 reverses the first payment and pays it again", () => {
    const { names, remits } = answer(["reverse-readjudicate"]);
    expect(names.filter((n) => n.startsWith("835-"))).toEqual([
      "835-000000906.x12",
      "835-000000909-2.x12",
    ]);
    const original = onlyClaim(remits[0]!);
    const firstPaid = sum(OFFICE_VISIT.map((c) => allowed(c, FIRST_ALLOWED_PERCENT)));
    expect(original).toMatchObject({ statusCode: "1", paidCents: firstPaid });
    const [reversal, again] = remits[1]!.sets.flatMap((s) => s.claims);
    expect(reversal).toMatchObject({
      statusCode: "22",
      isReversal: true,
      payerClaimControlNumber: ICN,
      chargeCents: -original.chargeCents,
      paidCents: -original.paidCents,
    });
    expect(reversal!.services.flatMap((s) => s.adjustments)).toEqual(
      original.services.flatMap((s) =>
        s.adjustments.map((a) => ({ ...a, amountCents: -a.amountCents })),
      ),
    );
    expect(again).toMatchObject({
      statusCode: "1",
      payerClaimControlNumber: `${ICN}A`,
      paidCents: sum(OFFICE_VISIT.map((c) => allowed(c))),
    });
    expect(remits[1]!.sets[0]!.payment.totalCents).toBe(again!.paidCents - original.paidCents);
  });

  it.each([
    ["plb-interest", "L6", -1],
    ["plb-recoupment", "WO", 1],
  ] as const)("%s: paid, with a PLB %s adjusting BPR02", (scenario, reason, sign) => {
    const remit = answer([scenario]).remits[0]!.sets[0]!;
    const claim = remit.claims[0]!;
    expect(remit.providerAdjustments).toHaveLength(1);
    const plb = remit.providerAdjustments[0]!;
    expect(plb).toMatchObject({ reasonCode: reason, reference: ICN });
    expect(Math.sign(plb.amountCents)).toBe(sign);
    expect(remit.payment.totalCents).toBe(claim.paidCents - plb.amountCents);
  });

  it("split-remit: the claim's lines paid across two 835 files, each part MA15", () => {
    const { names, remits } = answer(["split-remit"]);
    expect(names.filter((n) => n.startsWith("835-"))).toEqual([
      "835-000000906.x12",
      "835-000000909-2.x12",
    ]);
    const parts = remits.map(onlyClaim);
    expect(parts.map((p) => p.services.length)).toEqual([1, 2]);
    for (const part of parts) {
      expect(part).toMatchObject({ patientControlNumber: PCN, payerClaimControlNumber: ICN });
      expect(part.remarks).toEqual([{ code: "MA15", source: "MOA" }]);
    }
    expect(sum(parts.map((p) => p.chargeCents))).toBe(sum(OFFICE_VISIT));
    expect(sum(parts.map((p) => p.paidCents))).toBe(sum(OFFICE_VISIT.map((c) => allowed(c))));
    expect(remits[0]!.sets[0]!.trace?.number).not.toBe(remits[1]!.sets[0]!.trace?.number);
  });

  it("reject-277: A7:164:IL, no payer claim number, no 835", () => {
    const { names, statuses } = answer(["reject-277"]);
    expect(names.map((n) => n.slice(0, 4))).toEqual(["999-", "277C"]);
    const status = statuses.get(PCN)!;
    expect(status).toMatchObject({ rejected: true, clearinghouseTrace: "SUB1" });
    expect(status.payerClaimControlNumber).toBeUndefined();
    expect(status.statuses[0]).toMatchObject({ category: "A7", code: "164", entity: "IL" });
  });

  it.each([
    ["silence", ["999-"]],
    ["reject-999", ["999-"]],
    ["reject-ta1", ["TA1-"]],
  ] as const)("%s: nothing after the acknowledgment (%s)", (scenario, kinds) => {
    expect(answer([scenario]).names.map((n) => n.slice(0, 4))).toEqual(kinds);
  });

  it("every scenario is covered above", () => {
    const covered = [
      "accept-pay",
      "partial-pay",
      "partial-line-denied",
      "deny-coding",
      "deny-eligibility",
      "deny-authorization",
      "deny-timely-filing",
      "deny-duplicate",
      "reverse-readjudicate",
      "plb-interest",
      "plb-recoupment",
      "split-remit",
      "reject-277",
      "silence",
      "reject-999",
      "reject-ta1",
    ];
    expect([...covered].sort()).toEqual(SCENARIOS.map((s) => s.name).sort());
  });
});

describe("sandbox payer: a batch of mixed scenarios", () => {
  it("acknowledges each claim once, pays each per its scenario, and the totals balance", () => {
    const scenarios = ["accept-pay", "deny-coding", "silence", "reverse-readjudicate"] as const;
    const { statuses, remits, response } = answer(scenarios);
    const pcns = PROFESSIONAL_EXAMPLES.map((f) => example(f).patientControlNumber);
    // The silence claim gets no 277CA; the others one status each, with their own trace.
    expect([...statuses.keys()].sort()).toEqual([pcns[0], pcns[1], pcns[3]].sort());
    expect([...statuses.values()].map((s) => s.clearinghouseTrace).sort()).toEqual([
      "SUB1",
      "SUB2",
      "SUB4",
    ]);
    const first = remits[0]!.sets.flatMap((s) => s.claims);
    expect(first.map((c) => [c.patientControlNumber, c.statusCode]).sort()).toEqual(
      [
        [pcns[0], "1"],
        [pcns[1], "4"],
        // The fourth example is a secondary claim: processed as secondary.
        [pcns[3], "2"],
      ].sort(),
    );
    const second = remits[1]!.sets.flatMap((s) => s.claims);
    expect(second.map((c) => [c.patientControlNumber, c.statusCode])).toEqual([
      [pcns[3], "22"],
      [pcns[3], "2"],
    ]);
    // 277CA REF*1K and 835 CLP07 agree for every acknowledged claim.
    for (const claim of first) {
      expect(statuses.get(claim.patientControlNumber)!.payerClaimControlNumber).toBe(
        claim.payerClaimControlNumber,
      );
    }
    expect(response.interchanges[0]!.sets.every((s) => s.status === "A")).toBe(true);
  });

  it("answers TA1/999 only when remittances are turned off", () => {
    const response = respondToFile(
      professionalBatch(["accept-pay"]).text,
      options({ remittances: false }),
    );
    expect(response.files.map((f) => f.kind)).toEqual(["999"]);
  });
});

describe("sandbox responder: 835s held for later passes", () => {
  let root = "";
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A responder on fresh directories with one reverse-readjudicate 837 dropped in. */
  function setUp(remitDelayPasses?: number) {
    root = mkdtempSync(path.join(tmpdir(), "cg-remit-"));
    const inbound = path.join(root, "inbound");
    const outbound = path.join(root, "outbound");
    mkdirSync(inbound);
    writeFileSync(
      path.join(inbound, "claims.837"),
      professionalBatch(["reverse-readjudicate"]).text,
    );
    let next = 1;
    const responder = new SandboxResponder({
      inboundDir: inbound,
      outboundDir: outbound,
      controlNumbers: () => next++,
      now: () => NOW,
      ...(remitDelayPasses === undefined ? {} : { remitDelayPasses }),
    });
    const kinds = (): string[] => readdirSync(outbound).map((n) => n.split("-")[0]!);
    return { responder, kinds };
  }

  it("writes the 277CA and both 835s in the answering pass by default", async () => {
    const { responder, kinds } = setUp();
    const [answer] = await responder.processDirectory();
    expect(answer!.delayed).toEqual([]);
    expect(answer!.written.map((n) => n.split("-")[0])).toEqual(["999", "277CA", "835", "835"]);
    expect(kinds().sort()).toEqual(["277CA", "835", "835", "999"]);
  });

  it("with remitDelayPasses 2 the 835s appear two passes after the 277CA", async () => {
    const { responder, kinds } = setUp(2);
    const [answer] = await responder.processDirectory();
    expect(answer!.written.map((n) => n.split("-")[0])).toEqual(["999", "277CA"]);
    expect(answer!.delayed).toEqual(["835-000000007.x12", "835-000000010-2.x12"]);
    expect(await responder.processDirectory()).toEqual([]);
    expect(kinds().sort()).toEqual(["277CA", "999"]);
    await responder.processDirectory();
    expect(readdirSync(path.join(root, "outbound")).sort()).toEqual([
      "277CA-000000004.x12",
      "835-000000007.x12",
      "835-000000010-2.x12",
      "999-000000001.x12",
    ]);
    expect(readdirSync(path.join(root, "inbound", "processed", "remits-pending"))).toEqual([]);
    // Each released 835 is still a whole, valid file.
    for (const name of answer!.delayed) {
      const text = readFileSync(path.join(root, "outbound", name), "utf8");
      expect(validateFile(text).errors).toBe(0);
    }
  });
});

/** Scenarios whose claims reach the 835. */
const PAYING = SCENARIOS.filter((s) => s.remittance.kind !== "silence").map((s) => s.name);

describe("sandbox payer: institutional claims", () => {
  it.each([
    ["institutional-outpatient.json", "13"],
    ["institutional-inpatient.json", "11"],
  ])("%s gets a valid, balanced 835 in every paying scenario (CLP08 %s)", (file, facility) => {
    for (const scenario of PAYING) {
      const encounter = withScenario(example(file), scenario);
      const { remits, statuses } = answer(batchOf("837i", [encounter]));
      expect(statuses.get(encounter.patientControlNumber)!.serviceDate).toBe(
        encounter.kind === "institutional" ? encounter.statementFrom : undefined,
      );
      const claims = remits.flatMap((r) => r.sets.flatMap((s) => s.claims));
      expect(claims.length, scenario).toBeGreaterThan(0);
      for (const claim of claims) {
        expect(claim).toMatchObject({
          facilityCode: facility,
          filingIndicator: expect.any(String),
        });
        for (const line of claim.services) {
          const lineCode =
            line.procedure.qualifier === "NU" ? line.procedure.code : line.revenueCode;
          expect(lineCode).toMatch(/^0\d{3}$/);
        }
      }
    }
  });
});

describe("sandbox payer: any charges", () => {
  it("every scenario's 277CA and 835s validate and balance, whatever the line charges", () => {
    const base = example(PROFESSIONAL_EXAMPLES[0]) as ProfessionalEncounter;
    const template = base.serviceLines[0]!;
    fc.assert(
      fc.property(
        fc.constantFrom(...PAYING),
        fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 5 }),
        (scenario, charges) => {
          const encounter: ProfessionalEncounter = {
            ...(withScenario(base, scenario) as ProfessionalEncounter),
            totalChargeCents: sum(charges),
            serviceLines: charges.map((chargeCents, i) => ({
              ...template,
              chargeCents,
              lineControlNumber: `L${i + 1}`,
            })),
          };
          // answer() validates every file and checks every 835 balances.
          const { remits, statuses } = answer(batchOf("837p", [encounter]));
          const status = statuses.get(encounter.patientControlNumber)!;
          expect(status.chargeCents).toBe(sum(charges));
          const claims = remits.flatMap((r) => r.sets.flatMap((s) => s.claims));
          const net = sum(claims.map((c) => c.paidCents));
          const plb = sum(
            remits.flatMap((r) =>
              r.sets.flatMap((s) => s.providerAdjustments.map((p) => p.amountCents)),
            ),
          );
          const paid = sum(remits.flatMap((r) => r.sets.map((s) => s.payment.totalCents)));
          expect(paid).toBe(net - plb);
          // What is finally paid never exceeds the allowed amount.
          expect(net).toBeLessThanOrEqual(sum(charges.map((c) => allowed(c))));
          for (const claim of claims) {
            const icn = status.payerClaimControlNumber!;
            expect([icn, `${icn}A`]).toContain(claim.payerClaimControlNumber);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
