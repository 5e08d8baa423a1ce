import { describe, expect, it } from "vitest";
import {
  parseTradingPartner,
  parseTradingPartners,
  renderFileName,
} from "../../../src/config/partners.js";
import { ClaimgateError } from "../../../src/errors.js";

const FINGERPRINT = "SHA256:" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v";

function entry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "availity",
    tenantId: "acme",
    name: "Availity",
    usage: "T",
    sftp: {
      host: "sftp.partner.example",
      port: 2222,
      username: "acme01",
      privateKeyFile: "/etc/claimgate/keys/availity",
      hostKeyFingerprint: FINGERPRINT,
    },
    inboundDir: "/in",
    outboundDir: "/out",
    isa: { senderQualifier: "ZZ", senderId: "ACME", receiverQualifier: "30", receiverId: "AV01" },
    gs: { senderId: "ACME", receiverId: "AV01" },
    payers: [{ payerId: "60054", timelyFilingDays: 90 }, { payerId: "87726" }],
    ...overrides,
  };
}

function failure(work: () => unknown): ClaimgateError {
  try {
    work();
  } catch (e) {
    if (e instanceof ClaimgateError) return e;
    throw e;
  }
  throw new Error("expected a ClaimgateError");
}

describe("trading partner config", () => {
  it("reads a full entry and fills documented defaults", () => {
    const p = parseTradingPartner(entry(), 0);
    expect(p).toMatchObject({
      id: "availity",
      tenantId: "acme",
      usage: "T",
      sftp: { host: "sftp.partner.example", port: 2222, passwordFile: undefined },
      archiveDir: undefined,
      fileNamePattern: "{kind}-{isa13}.x12",
      isa: { senderQualifier: "ZZ", receiverId: "AV01" },
      payers: [
        { payerId: "60054", timelyFilingDays: 90 },
        { payerId: "87726", timelyFilingDays: undefined },
      ],
      followUp: { ackHours: 24, claimAckHours: 72, remitHours: 720 },
      batch: { size: 500, intervalSeconds: 60, maxClaimsPerSt: 5000 },
    });
    const custom = parseTradingPartner(
      entry({
        archiveDir: "/out/done",
        fileNamePattern: "{partner}_{date}_{isa13}.edi",
        followUp: { ackHours: 12 },
        batch: { size: 50, intervalSeconds: 5, maxClaimsPerSt: 100 },
      }),
      0,
    );
    expect(custom.archiveDir).toBe("/out/done");
    expect(custom.followUp).toEqual({ ackHours: 12, claimAckHours: 72, remitHours: 720 });
    expect(custom.batch).toEqual({ size: 50, intervalSeconds: 5, maxClaimsPerSt: 100 });
  });

  it("names the entry index and the key, never the value", () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ usage: "X-SECRET" }, "tradingPartners[3].usage", "X-SECRET"],
      [
        { sftp: { ...(entry().sftp as object), port: 99999 } },
        "tradingPartners[3].sftp.port",
        "99999",
      ],
      [
        { sftp: { ...(entry().sftp as object), hostKeyFingerprint: "MD5:aa:bb" } },
        "tradingPartners[3].sftp.hostKeyFingerprint",
        "MD5:aa:bb",
      ],
      [
        { isa: { ...(entry().isa as object), senderId: "WAY-TOO-LONG-SENDER-ID" } },
        "tradingPartners[3].isa.senderId",
        "WAY-TOO-LONG",
      ],
      [{ gs: { senderId: "A" } }, "tradingPartners[3].gs.senderId", '"A"'],
      [
        { payers: [{ payerId: "60054", timelyFilingDays: -1 }] },
        "payers[0].timelyFilingDays",
        "-1",
      ],
      [{ fileNamePattern: "claims.x12" }, "tradingPartners[3].fileNamePattern", "claims.x12"],
      [{ fileNamePattern: "{kind}/{isa13}" }, "tradingPartners[3].fileNamePattern", "{kind}/"],
      [{ batch: { maxClaimsPerSt: 6000 } }, "tradingPartners[3].batch.maxClaimsPerSt", "6000"],
      [{ id: "has:colon" }, "tradingPartners[3].id", "has:colon"],
      [{ surprise: "value-x" }, "tradingPartners[3].surprise", "value-x"],
    ];
    for (const [overrides, key, value] of cases) {
      const e = failure(() => parseTradingPartner(entry(overrides), 3));
      expect(e.code).toBe("CONFIG_INVALID");
      expect(e.message).toContain(key);
      expect(e.message).not.toContain(value);
    }
  });

  it("refuses secrets in the config and wants exactly one credential file", () => {
    const sftp = entry().sftp as Record<string, unknown>;
    const secret = failure(() =>
      parseTradingPartner(entry({ sftp: { ...sftp, password: "hunter2" } }), 0),
    );
    expect(secret.message).toContain("tradingPartners[0].sftp.password");
    expect(secret.message).toContain("file reference");
    expect(secret.message).not.toContain("hunter2");

    const both = failure(() =>
      parseTradingPartner(entry({ sftp: { ...sftp, passwordFile: "/run/secrets/pw" } }), 0),
    );
    expect(both.message).toContain("exactly one");
    const { privateKeyFile: _, ...none } = sftp;
    expect(failure(() => parseTradingPartner(entry({ sftp: none }), 0)).message).toContain(
      "sftp.privateKeyFile",
    );
    const withPassword = parseTradingPartner(
      entry({ sftp: { ...none, passwordFile: "/run/secrets/pw" } }),
      0,
    );
    expect(withPassword.sftp).toMatchObject({
      privateKeyFile: undefined,
      passwordFile: "/run/secrets/pw",
    });
  });

  it("checks what spans entries: partner ids per tenant, payers routed once per tenant", () => {
    const other = entry({ id: "change", payers: [{ payerId: "11111" }] });
    expect(parseTradingPartners([entry(), other]).map((p) => p.id)).toEqual(["availity", "change"]);
    // The same partner id in another tenant is another partner.
    expect(parseTradingPartners([entry(), entry({ tenantId: "beta" })])).toHaveLength(2);
    expect(failure(() => parseTradingPartners([entry(), entry()])).message).toContain(
      "tradingPartners[1].id",
    );
    const samePayer = entry({ id: "change", payers: [{ payerId: "87726" }] });
    expect(failure(() => parseTradingPartners([entry(), samePayer])).message).toContain(
      "tradingPartners[1].payers[0].payerId",
    );
    expect(
      failure(() => parseTradingPartner(entry({ payers: [{ payerId: "1" }, { payerId: "1" }] }), 0))
        .message,
    ).toContain("payers[1].payerId");
    expect(failure(() => parseTradingPartners([entry(), "nope"])).message).toContain(
      "tradingPartners[1] must be an object",
    );
  });

  it("renders outbound file names from the pattern", () => {
    expect(
      renderFileName("{partner}_{kind}_{date}_{isa13}.x12", {
        kind: "837P",
        isa13: "000000042",
        partner: "availity",
        date: "20260302",
        time: "1000",
      }),
    ).toBe("availity_837P_20260302_000000042.x12");
  });
});
