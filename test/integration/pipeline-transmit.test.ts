import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTradingPartner } from "../../src/config/partners.js";
import type { TradingPartner } from "../../src/config/partners.js";
import { ClaimgateError } from "../../src/errors.js";
import { loadCodeSets } from "../../src/domain/codesets/index.js";
import { batchPartner } from "../../src/pipeline/batch.js";
import { receiveEncounter } from "../../src/pipeline/intake.js";
import { syncTradingPartners } from "../../src/pipeline/partners.js";
import { scrubClaim } from "../../src/pipeline/scrub.js";
import { partnerSessions, storePartners } from "../../src/pipeline/sessions.js";
import { transmitFile } from "../../src/pipeline/transmit.js";
import type { TransmitDeps } from "../../src/pipeline/transmit.js";
import {
  applyClaimEvent,
  claimTimeline,
  getClaim,
  insertClaim,
  listClaims,
} from "../../src/store/claims.js";
import type { Database } from "../../src/store/database.js";
import { fileContent, getFile, recordFile } from "../../src/store/files.js";
import { migrate } from "../../src/store/migrate.js";
import {
  getPartner,
  listPartners,
  partnerForPayer,
  upsertPartner,
} from "../../src/store/partners.js";
import { createTenant } from "../../src/store/tenants.js";
import {
  EXAMPLE_NAMES,
  exampleEncounter,
  samplePartner,
  seedTenantAndPartner,
} from "../support/pipeline-fixtures.js";
import { backends, postgresBackend } from "../support/postgres.js";
import { describeOpenSsh, startSshd } from "../support/sshd.js";
import type { RunningSshd } from "../support/sshd.js";

const T0 = new Date("2026-03-02T10:00:00.000Z");
const TENANT = "acme";
const fast = { connectMs: 3000, operationMs: 5000 };
let lastIsa13 = 0;
const quickBackoff = { attempts: 2, baseDelayMs: 20, maxDelayMs: 20 };

function partnerEntry(sshd: RunningSshd, keyFile: string, overrides: Record<string, unknown>) {
  return parseTradingPartner(
    {
      id: "clearhouse",
      tenantId: TENANT,
      name: "Clearing house",
      usage: "T",
      sftp: {
        host: sshd.host,
        port: sshd.port,
        username: sshd.username,
        privateKeyFile: keyFile,
        hostKeyFingerprint: sshd.hostKeyFingerprint,
      },
      inboundDir: sshd.remotePath("inbound"),
      outboundDir: sshd.remotePath("outbound"),
      isa: { senderQualifier: "ZZ", senderId: "ACME", receiverQualifier: "ZZ", receiverId: "CH" },
      gs: { senderId: "ACME", receiverId: "CH" },
      payers: [{ payerId: "PAYER1" }, { payerId: "PAYER2", timelyFilingDays: 90 }],
      followUp: { ackHours: 6 },
      ...overrides,
    },
    0,
  );
}

/** Stores an outbound interchange file in the given state. */
async function outboundFile(db: Database, id: string, content: string, state = "built") {
  await recordFile(
    db,
    TENANT,
    {
      id,
      partnerId: "clearhouse",
      direction: "outbound",
      kind: "837P",
      name: `837P-${id}.x12`,
      state,
      content: Buffer.from(content),
    },
    T0,
  );
  return { name: `837P-${id}.x12`, bytes: Buffer.from(content) };
}

/**
 * What the batch use case will write (not built yet): batched claims, the file's
 * interchange, one transaction set, a submission per claim. Plain SQL on purpose.
 */
async function carryClaims(db: Database, fileId: string, claimIds: string[]) {
  for (const claimId of claimIds) {
    await insertClaim(
      db,
      TENANT,
      {
        id: claimId,
        patientControlNumber: `PCN-${claimId}`,
        claimType: "professional",
        payerId: "PAYER1",
        partnerId: "clearhouse",
        totalChargeCents: 10_000,
        encounter: {},
      },
      { at: T0, cause: "api" },
    );
    await applyClaimEvent(db, TENANT, claimId, "scrub_passed", { at: T0, cause: "scrub" });
    await applyClaimEvent(db, TENANT, claimId, "batched", { at: T0, cause: "batch" });
  }
  const icn = String(++lastIsa13).padStart(9, "0");
  await db.query(
    `insert into interchanges (id, tenant_id, partner_id, file_id, direction, isa_control_number, state)
     values ($1, $2, 'clearhouse', $3, 'outbound', $4, 'built')`,
    [`ic-${fileId}`, TENANT, fileId, icn],
  );
  await db.query(
    `insert into transaction_sets (id, tenant_id, interchange_id, gs_control_number, st_control_number)
     values ($1, $2, $3, '1', '0001')`,
    [`ts-${fileId}`, TENANT, `ic-${fileId}`],
  );
  for (const [i, claimId] of claimIds.entries()) {
    await db.query(
      `insert into submissions (tenant_id, claim_id, seq, frequency_code, trace_id,
         transaction_set_id, segment_from, segment_to)
       values ($1, $2, 1, '1', $3, $4, $5, $6)`,
      [TENANT, claimId, `trace-${claimId}`, `ts-${fileId}`, 10 + i * 20, 29 + i * 20],
    );
  }
}

describeOpenSsh("transmitting outbound files over SFTP (OpenSSH)", () => {
  describe.each(backends())("with the store on $kind", (backend) => {
    let db: Database;
    let sshd: RunningSshd;
    let workDir: string;
    let partner: TradingPartner;
    let deps: TransmitDeps;
    let clock = T0.getTime();
    const inbound = () => path.join(sshd.rootDir, "inbound");

    beforeAll(async () => {
      [db, sshd] = await Promise.all([backend.open(), startSshd()]);
      await migrate(db);
      await createTenant(db, { id: TENANT, name: "Acme" });
      await createTenant(db, { id: "beta", name: "Beta" });
      mkdirSync(inbound());
      workDir = mkdtempSync(path.join(tmpdir(), "cg-transmit-"));
      const keyFile = path.join(workDir, "client_key");
      writeFileSync(keyFile, sshd.privateKey, { mode: 0o600 });
      partner = partnerEntry(sshd, keyFile, {});
      await upsertPartner(db, partner);
      const partners = storePartners(db);
      deps = {
        db,
        partners,
        sessions: partnerSessions(partners, { timeouts: fast, backoff: quickBackoff }),
        now: () => new Date((clock += 1000)),
      };
    });
    afterAll(async () => {
      await Promise.all([backend.cleanup(), sshd.stop()]);
      rmSync(workDir, { recursive: true, force: true });
    });

    it("keeps partners and their payer routes in the store, per tenant", async () => {
      expect(await getPartner(db, TENANT, "clearhouse")).toEqual(partner);
      expect((await partnerForPayer(db, TENANT, "PAYER2"))?.id).toBe("clearhouse");
      expect(await partnerForPayer(db, "beta", "PAYER2")).toBeUndefined();
      expect(await getPartner(db, "beta", "clearhouse")).toBeUndefined();
      const betaPartner = { ...partner, tenantId: "beta", payers: [] };
      await upsertPartner(db, betaPartner);
      expect((await listPartners(db, "beta")).map((p) => p.tenantId)).toEqual(["beta"]);
      expect(await listPartners(db)).toHaveLength(2);
      // Re-upserting is exact: a dropped payer route disappears, changed settings stick.
      const changed = {
        ...betaPartner,
        name: "Renamed",
        sftp: { ...betaPartner.sftp, privateKeyFile: undefined, passwordFile: "/run/pw" },
        payers: [{ payerId: "B1", timelyFilingDays: undefined }],
      };
      await upsertPartner(db, changed);
      await upsertPartner(db, { ...changed, payers: [] });
      expect(await getPartner(db, "beta", "clearhouse")).toEqual({ ...changed, payers: [] });
      expect(await partnerForPayer(db, "beta", "B1")).toBeUndefined();

      // From the config file's raw entries: all validated before any is written.
      const raw = { ...changed, id: "fromconfig", payers: [{ payerId: "B7" }] };
      const bad = { ...raw, id: "second", usage: "Q" };
      await expect(syncTradingPartners(db, [raw, bad])).rejects.toThrow(
        /tradingPartners\[1\]\.usage/,
      );
      expect(await getPartner(db, "beta", "fromconfig")).toBeUndefined();
      await syncTradingPartners(db, [raw]);
      expect((await partnerForPayer(db, "beta", "B7"))?.id).toBe("fromconfig");
    });

    it("uploads the exact bytes under the final name, no temp file, and marks the claims transmitted", async () => {
      const file = await outboundFile(db, "f1", "ISA*00*...~" + "CLM*PCN*100~".repeat(3000));
      await carryClaims(db, "f1", ["c1", "c2"]);
      const result = await transmitFile(deps, {
        tenantId: TENANT,
        partnerId: "clearhouse",
        fileId: "f1",
      });
      expect(result).toEqual({
        fileId: "f1",
        alreadySent: false,
        upload: "uploaded",
        claimsTransmitted: ["c1", "c2"],
        claimsSkipped: [],
      });
      expect(await readdir(inbound())).toEqual([file.name]);
      expect(await readFile(path.join(inbound(), file.name))).toEqual(file.bytes);
      expect((await getFile(db, TENANT, "f1"))?.state).toBe("sent");
      const { rows } = await db.query<{ state: string }>(
        "select state from interchanges where id = 'ic-f1'",
      );
      expect(rows[0]?.state).toBe("sent");
      for (const id of ["c1", "c2"]) {
        const claim = await getClaim(db, TENANT, id);
        expect(claim?.state).toBe("transmitted");
        expect(claim?.nextEvent).toBe("ack");
        const last = (await claimTimeline(db, TENANT, id)).at(-1);
        expect(last).toMatchObject({ event: "transmitted", from: "batched", fileId: "f1" });
        // Due by the partner's ack deadline (6 h) after the transmission.
        expect(claim!.dueAt!.getTime() - last!.at.getTime()).toBe(6 * 3_600_000);
      }
    });

    it("treats a second transmission of a sent file as a no-op", async () => {
      const before = await stat(path.join(inbound(), "837P-f1.x12"));
      const again = await transmitFile(deps, {
        tenantId: TENANT,
        partnerId: "clearhouse",
        fileId: "f1",
      });
      expect(again).toMatchObject({ alreadySent: true, claimsTransmitted: [] });
      expect((await stat(path.join(inbound(), "837P-f1.x12"))).mtimeMs).toBe(before.mtimeMs);
      const events = await claimTimeline(db, TENANT, "c1");
      expect(events.filter((e) => e.event === "transmitted")).toHaveLength(1);
    });

    describe("reconciles a crash in state uploading with what the server holds", () => {
      const cases = [
        ["the final file is there", "found_on_server", "final"],
        ["only a complete temp file is there", "finished_partial", "temp"],
        ["only a partial temp file is there", "uploaded_again", "half"],
        ["nothing is there", "uploaded_again", "none"],
      ] as const;
      it.each(cases)("when %s", async (_, outcome, left) => {
        const id = `r${cases.findIndex((c) => c[2] === left)}`;
        const file = await outboundFile(
          db,
          id,
          `ISA*${id}~` + "SV1*HC:99213*50~".repeat(500),
          "uploading",
        );
        await carryClaims(db, id, [`${id}-a`]);
        const final = path.join(inbound(), file.name);
        if (left === "final") writeFileSync(final, file.bytes);
        if (left === "temp") writeFileSync(`${final}.part`, file.bytes);
        if (left === "half") writeFileSync(`${final}.part`, file.bytes.subarray(0, 100));
        const inodeBefore = left === "final" ? (await stat(final)).ino : undefined;

        const result = await transmitFile(deps, {
          tenantId: TENANT,
          partnerId: "clearhouse",
          fileId: id,
        });
        expect(result).toMatchObject({ upload: outcome, claimsTransmitted: [`${id}-a`] });
        const names = (await readdir(inbound())).filter((n) => n.includes(id));
        expect(names).toEqual([file.name]);
        expect(await readFile(final)).toEqual(file.bytes);
        if (inodeBefore !== undefined) expect((await stat(final)).ino).toBe(inodeBefore);
        expect((await getFile(db, TENANT, id))?.state).toBe("sent");
        expect((await getClaim(db, TENANT, `${id}-a`))?.state).toBe("transmitted");
      });

      it("finishes the claims of a file recorded uploaded without touching the server", async () => {
        await outboundFile(db, "u1", "ISA*u1~", "uploaded");
        await carryClaims(db, "u1", ["u1-a", "u1-b"]);
        // One claim already moved before the crash: not moved twice.
        await applyClaimEvent(db, TENANT, "u1-a", "transmitted", {
          at: T0,
          cause: "transmit",
          fileId: "u1",
        });
        const result = await transmitFile(deps, {
          tenantId: TENANT,
          partnerId: "clearhouse",
          fileId: "u1",
        });
        expect(result).toMatchObject({ upload: "already_uploaded", claimsTransmitted: ["u1-b"] });
        expect((await readdir(inbound())).some((n) => n.includes("u1"))).toBe(false);
        const events = await claimTimeline(db, TENANT, "u1-a");
        expect(events.filter((e) => e.event === "transmitted")).toHaveLength(1);
        expect((await getFile(db, TENANT, "u1"))?.state).toBe("sent");
      });

      it("refuses, not transient, when another file holds the final name", async () => {
        const file = await outboundFile(db, "x1", "ISA*x1*ours~", "uploading");
        writeFileSync(path.join(inbound(), file.name), "ISA*x1*not ours~");
        const error = await transmitFile(deps, {
          tenantId: TENANT,
          partnerId: "clearhouse",
          fileId: "x1",
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ClaimgateError);
        expect((error as ClaimgateError).code).toBe("SFTP_REMOTE_CONFLICT");
        expect((error as ClaimgateError).transient).toBe(false);
        expect((await getFile(db, TENANT, "x1"))?.state).toBe("uploading");
        expect((await readFile(path.join(inbound(), file.name))).toString()).toBe(
          "ISA*x1*not ours~",
        );
      });
    });

    it("sends a file that carries no claims, and reports claims it cannot move", async () => {
      await outboundFile(db, "n1", "ISA*n1~");
      const result = await transmitFile(deps, {
        tenantId: TENANT,
        partnerId: "clearhouse",
        fileId: "n1",
      });
      expect(result).toMatchObject({
        upload: "uploaded",
        claimsTransmitted: [],
        claimsSkipped: [],
      });
      expect((await getFile(db, TENANT, "n1"))?.state).toBe("sent");

      await outboundFile(db, "s1", "ISA*s1~");
      await carryClaims(db, "s1", ["s1-a", "s1-b"]);
      await applyClaimEvent(db, TENANT, "s1-b", "overdue", { at: T0, cause: "followup" });
      await applyClaimEvent(db, TENANT, "s1-b", "remit_denied", { at: T0, cause: "835" });
      const mixed = await transmitFile(deps, {
        tenantId: TENANT,
        partnerId: "clearhouse",
        fileId: "s1",
      });
      expect(mixed).toMatchObject({
        claimsTransmitted: ["s1-a"],
        claimsSkipped: [{ claimId: "s1-b", state: "denied" }],
      });
    });

    it("refuses a server whose host key is not pinned, not transient, state unchanged", async () => {
      const wrong = {
        ...partner,
        sftp: { ...partner.sftp, hostKeyFingerprint: "SHA256:" + "B".repeat(43) },
      };
      const lookup = () => Promise.resolve(wrong);
      const wrongDeps = {
        ...deps,
        partners: lookup,
        sessions: partnerSessions(lookup, { timeouts: fast }),
      };
      await outboundFile(db, "k1", "ISA*k1~");
      await outboundFile(db, "k2", "ISA*k2~", "uploading");
      for (const [fileId, state] of [
        ["k1", "built"],
        ["k2", "uploading"],
      ]) {
        const error = await transmitFile(wrongDeps, {
          tenantId: TENANT,
          partnerId: "clearhouse",
          fileId: fileId!,
        }).catch((e: unknown) => e);
        expect((error as ClaimgateError).code).toBe("SFTP_HOST_KEY_MISMATCH");
        expect((error as ClaimgateError).transient).toBe(false);
        expect((await getFile(db, TENANT, fileId!))?.state).toBe(state);
      }
      expect((await readdir(inbound())).some((n) => /k[12]/.test(n))).toBe(false);
    });

    it("fails transient while the server is down, then sends the file once when it is back", async () => {
      const file = await outboundFile(db, "d1", "ISA*d1~" + "NM1*IL*1~".repeat(200));
      await sshd.kill();
      try {
        const error = await transmitFile(deps, {
          tenantId: TENANT,
          partnerId: "clearhouse",
          fileId: "d1",
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ClaimgateError);
        expect((error as ClaimgateError).transient).toBe(true);
        expect((await getFile(db, TENANT, "d1"))?.state).toBe("built");
      } finally {
        await sshd.restart();
      }
      const result = await transmitFile(deps, {
        tenantId: TENANT,
        partnerId: "clearhouse",
        fileId: "d1",
      });
      expect(result.upload).toBe("uploaded");
      expect(await readFile(path.join(inbound(), file.name))).toEqual(file.bytes);
    });

    it("refuses inbound files, other partners' files and unknown files, not transient", async () => {
      await recordFile(
        db,
        TENANT,
        {
          id: "in1",
          partnerId: "clearhouse",
          direction: "inbound",
          kind: "999",
          name: "a.999",
          state: "received",
          content: Buffer.from("ISA*in1~"),
        },
        T0,
      );
      await outboundFile(db, "o1", "ISA*o1~");
      const codes = [];
      for (const [fileId, partnerId] of [
        ["in1", "clearhouse"],
        ["o1", "other"],
        ["nope", "clearhouse"],
      ] as const) {
        const e = (await transmitFile(deps, { tenantId: TENANT, partnerId, fileId }).catch(
          (x: unknown) => x,
        )) as ClaimgateError;
        expect(e.transient).toBe(false);
        codes.push(e.code);
      }
      expect(codes).toEqual(["TRANSMIT_NOT_SENDABLE", "TRANSMIT_NOT_SENDABLE", "STORE_NOT_FOUND"]);
      // Tenant scoping: another tenant cannot send acme's file.
      const e = (await transmitFile(deps, {
        tenantId: "beta",
        partnerId: "clearhouse",
        fileId: "o1",
      }).catch((x: unknown) => x)) as ClaimgateError;
      expect(e.code).toBe("STORE_NOT_FOUND");
      expect((await getFile(db, TENANT, "o1"))?.state).toBe("built");
    });
  });
});

/** A transmit in its own process, so the test can SIGKILL it mid-upload. */
function transmitInChild(env: Record<string, string>): ChildProcess {
  const module = (p: string) => JSON.stringify(new URL(`../../src/${p}`, import.meta.url).href);
  const code = `
    const { openPostgres } = await import(${module("store/postgres.ts")});
    const { partnerSessions, storePartners } = await import(${module("pipeline/sessions.ts")});
    const { transmitFile } = await import(${module("pipeline/transmit.ts")});
    const db = openPostgres(process.env.CG_DB);
    const partners = storePartners(db);
    await transmitFile(
      { db, partners, sessions: partnerSessions(partners), now: () => new Date() },
      { tenantId: process.env.CG_TENANT, partnerId: "clearhouse", fileId: process.env.CG_FILE },
    );
    await db.close();`;
  return spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    env: { ...process.env, ...env },
    stdio: "ignore",
  });
}

describeOpenSsh("a transmitting process killed mid-upload (OpenSSH, PostgreSQL)", () => {
  const backend = postgresBackend();
  let db: Database;
  let sshd: RunningSshd;
  let workDir: string;
  afterAll(async () => {
    await Promise.all([backend.cleanup(), sshd?.stop()]);
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("leaves the file uploading; the retry delivers it exactly once", async () => {
    [db, sshd] = await Promise.all([backend.open(), startSshd()]);
    await migrate(db);
    await createTenant(db, { id: TENANT, name: "Acme" });
    mkdirSync(path.join(sshd.rootDir, "inbound"));
    workDir = mkdtempSync(path.join(tmpdir(), "cg-transmit-kill-"));
    const keyFile = path.join(workDir, "client_key");
    writeFileSync(keyFile, sshd.privateKey, { mode: 0o600 });
    await upsertPartner(db, partnerEntry(sshd, keyFile, {}));
    // Large enough that the upload is still running when the temp file first appears.
    const file = await outboundFile(
      db,
      "big",
      "ISA*big~" + "SV1*HC:99213*50*UN*1~".repeat(100_000),
    );
    await carryClaims(db, "big", ["big-a"]);
    const final = path.join(sshd.rootDir, "inbound", file.name);

    const child = transmitInChild({ CG_DB: backend.url(), CG_TENANT: TENANT, CG_FILE: "big" });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const deadline = Date.now() + 20_000;
    while (!existsSync(`${final}.part`) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill("SIGKILL");
    await exited;
    expect(existsSync(`${final}.part`)).toBe(true);
    expect(existsSync(final)).toBe(false);
    expect((await getFile(db, TENANT, "big"))?.state).toBe("uploading");

    const partners = storePartners(db);
    const deps = {
      db,
      partners,
      sessions: partnerSessions(partners, { timeouts: fast }),
      now: () => new Date(),
    };
    const result = await transmitFile(deps, {
      tenantId: TENANT,
      partnerId: "clearhouse",
      fileId: "big",
    });
    expect(["uploaded_again", "finished_partial"]).toContain(result.upload);
    expect(await readdir(path.join(sshd.rootDir, "inbound"))).toEqual([file.name]);
    expect((await readFile(final)).equals(file.bytes)).toBe(true);
    expect((await getFile(db, TENANT, "big"))?.state).toBe("sent");
    expect((await getClaim(db, TENANT, "big-a"))?.state).toBe("transmitted");
  }, 90_000);
});

describeOpenSsh("from batch to the partner's inbound directory (OpenSSH, PostgreSQL)", () => {
  const backend = postgresBackend();
  let db: Database;
  let sshd: RunningSshd;
  let workDir: string;
  afterAll(async () => {
    await Promise.all([backend.cleanup(), sshd?.stop()]);
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("transmits the files the batch use case built and moves every claim in them", async () => {
    [db, sshd] = await Promise.all([backend.open(), startSshd()]);
    await migrate(db);
    workDir = mkdtempSync(path.join(tmpdir(), "cg-transmit-batch-"));
    const keyFile = path.join(workDir, "client_key");
    writeFileSync(keyFile, sshd.privateKey, { mode: 0o600 });
    mkdirSync(path.join(sshd.rootDir, "inbound"));
    const partner = await seedTenantAndPartner(
      db,
      samplePartner({
        sftp: {
          host: sshd.host,
          port: sshd.port,
          username: sshd.username,
          privateKeyFile: keyFile,
          hostKeyFingerprint: sshd.hostKeyFingerprint,
        },
        inboundDir: sshd.remotePath("inbound"),
      }),
    );
    let n = 0;
    const partners = storePartners(db);
    const deps = {
      db,
      partners,
      now: () => new Date("2026-03-02T15:00:10Z"),
      newId: () => `e2e${++n}`,
      codeSets: loadCodeSets(),
      payerRules: {},
      sessions: partnerSessions(partners, { timeouts: fast }),
    };
    for (const name of EXAMPLE_NAMES) {
      const received = await receiveEncounter(deps, partner.tenantId, exampleEncounter(name));
      if (received.outcome !== "received") throw new Error(`${name}: ${received.outcome}`);
      await scrubClaim(deps, { tenantId: partner.tenantId, claimId: received.claim.id });
    }
    const files = await batchPartner(deps, { tenantId: partner.tenantId, partnerId: partner.id });
    expect(files.length).toBeGreaterThan(0);

    let moved = 0;
    for (const file of files) {
      const request = { tenantId: partner.tenantId, partnerId: partner.id, fileId: file.fileId };
      const result = await transmitFile(deps, request);
      expect(result.claimsTransmitted).toHaveLength(file.claims);
      expect(result.claimsSkipped).toEqual([]);
      moved += result.claimsTransmitted.length;
      const stored = Buffer.from((await fileContent(db, partner.tenantId, file.fileId))!);
      expect((await readFile(path.join(sshd.rootDir, "inbound", file.name))).equals(stored)).toBe(
        true,
      );
    }
    expect((await readdir(path.join(sshd.rootDir, "inbound"))).sort()).toEqual(
      files.map((f) => f.name).sort(),
    );
    const transmitted = await listClaims(db, partner.tenantId, { state: "transmitted" });
    expect(transmitted).toHaveLength(moved);
    expect(moved).toBe(files.reduce((sum, f) => sum + f.claims, 0));
    expect(moved).toBe(EXAMPLE_NAMES.length);
  });
});
