import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTradingPartner } from "../../src/config/partners.js";
import type { TradingPartner } from "../../src/config/partners.js";
import { ClaimgateError } from "../../src/errors.js";
import { pollPartner } from "../../src/pipeline/poll.js";
import type { PollDeps } from "../../src/pipeline/poll.js";
import { endpointFor, partnerSessions, storePartners } from "../../src/pipeline/sessions.js";
import { sniffKind } from "../../src/pipeline/sniff.js";
import type { Database } from "../../src/store/database.js";
import { fileContent, getFile } from "../../src/store/files.js";
import { migrate } from "../../src/store/migrate.js";
import { pendingOutboxJobs } from "../../src/store/outbox.js";
import { upsertPartner } from "../../src/store/partners.js";
import { createTenant } from "../../src/store/tenants.js";
import { PartnerSessions, connectWithBackoff } from "../../src/transport/sftp.js";
import { corpusFiles } from "../support/corpus.js";
import { backends } from "../support/postgres.js";
import { describeOpenSsh, startSshd } from "../support/sshd.js";
import type { RunningSshd } from "../support/sshd.js";

const TENANT = "acme";
const fast = { connectMs: 3000, operationMs: 5000 };

const TA1 =
  "ISA*00*          *00*          *ZZ*CLEARHOUSE     *ZZ*ACME           *260302*1000*^*00501*000000007*0*T*:~" +
  "TA1*000000001*260302*0959*A*000~IEA*0*000000007~";

const corpus = (folder: string) => corpusFiles().filter((f) => f.folder === folder);
const sample = (folder: string) => readFileSync(corpus(folder)[0]!.path);

describe("sniffing the kind of an inbound file", () => {
  it("reads TA1 after the ISA and ST01 of the first set, on every corpus sample", () => {
    const expected: Record<string, string> = {
      "999": "999",
      "835": "835",
      "271": "271",
      "277ca": "277",
      "277-X212": "277",
      "837p": "unknown",
      "837i": "unknown",
      "270": "unknown",
    };
    let checked = 0;
    for (const [folder, kind] of Object.entries(expected)) {
      for (const file of corpus(folder)) {
        expect([file.relative, sniffKind(readFileSync(file.path))]).toEqual([file.relative, kind]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(sniffKind(Buffer.from(TA1))).toBe("TA1");
    expect(sniffKind(Buffer.from(`\r\n${TA1.replaceAll("~", "~\r\n")}`))).toBe("TA1");
    expect(sniffKind(Buffer.from("not x12 at all"))).toBe("unknown");
    expect(sniffKind(Buffer.alloc(0))).toBe("unknown");
  });
});

describeOpenSsh("polling partners' outbound directories (OpenSSH)", () => {
  describe.each(backends())("with the store on $kind", (backend) => {
    let db: Database;
    let sshd: RunningSshd;
    let workDir: string;
    let deps: PollDeps;
    let archiving: TradingPartner;
    let removing: TradingPartner;
    let nextId = 0;
    const local = (...p: string[]) => path.join(sshd.rootDir, ...p);
    const put = (dir: string, name: string, content: string | Buffer) =>
      writeFileSync(local(dir, name), content);
    const poll = (partnerId: string) => pollPartner(deps, { tenantId: TENANT, partnerId });

    function partner(id: string, keyFile: string, extra: Record<string, unknown>) {
      return parseTradingPartner(
        {
          id,
          tenantId: TENANT,
          name: id,
          usage: "T",
          sftp: {
            host: sshd.host,
            port: sshd.port,
            username: sshd.username,
            privateKeyFile: keyFile,
            hostKeyFingerprint: sshd.hostKeyFingerprint,
          },
          inboundDir: sshd.remotePath(`in-${id}`),
          outboundDir: sshd.remotePath(`out-${id}`),
          isa: {
            senderQualifier: "ZZ",
            senderId: "ACME",
            receiverQualifier: "ZZ",
            receiverId: "CH",
          },
          gs: { senderId: "ACME", receiverId: "CH" },
          ...extra,
        },
        0,
      );
    }

    beforeAll(async () => {
      [db, sshd] = await Promise.all([backend.open(), startSshd()]);
      await migrate(db);
      await createTenant(db, { id: TENANT, name: "Acme" });
      workDir = mkdtempSync(path.join(tmpdir(), "cg-poll-"));
      const keyFile = path.join(workDir, "client_key");
      writeFileSync(keyFile, sshd.privateKey, { mode: 0o600 });
      archiving = partner("arch", keyFile, { archiveDir: sshd.remotePath("archive-arch") });
      removing = partner("rm", keyFile, {});
      for (const dir of ["out-arch", "archive-arch", "out-rm"]) mkdirSync(local(dir));
      await upsertPartner(db, archiving);
      await upsertPartner(db, removing);
      const partners = storePartners(db);
      deps = {
        db,
        partners,
        sessions: partnerSessions(partners, { timeouts: fast }),
        now: () => new Date("2026-03-02T10:00:00Z"),
        newId: () => `pf-${++nextId}`,
      };
    });
    afterAll(async () => {
      await Promise.all([backend.cleanup(), sshd.stop()]);
      rmSync(workDir, { recursive: true, force: true });
    });

    it("stores each file with its kind and ingest job, then archives it on the server", async () => {
      const contents = {
        "a-999.x12": sample("999"),
        "b-835.x12": sample("835"),
        "c-ta1.x12": Buffer.from(TA1),
        "d-junk.txt": Buffer.from("hello"),
      };
      for (const [name, content] of Object.entries(contents)) put("out-arch", name, content);
      const before = (await pendingOutboxJobs(db, 1000)).length;

      const result = await poll("arch");

      expect(result.problems).toEqual([]);
      const byName = Object.fromEntries(result.files.map((f) => [f.name, f]));
      expect(Object.keys(byName).sort()).toEqual(Object.keys(contents));
      expect(result.files.map((f) => [f.name, f.kind, f.duplicate, f.remote]).sort()).toEqual([
        ["a-999.x12", "999", false, "archived"],
        ["b-835.x12", "835", false, "archived"],
        ["c-ta1.x12", "TA1", false, "archived"],
        ["d-junk.txt", "unknown", false, "archived"],
      ]);
      for (const [name, content] of Object.entries(contents)) {
        const fileId = byName[name]!.fileId;
        expect(Buffer.from((await fileContent(db, TENANT, fileId))!)).toEqual(content);
        expect(await getFile(db, TENANT, fileId)).toMatchObject({
          direction: "inbound",
          partnerId: "arch",
          state: "received",
          name,
        });
        expect(byName[name]!.job).toEqual({
          queue: "ingest",
          jobId: `ingest-${fileId}`,
          payload: { tenantId: TENANT, fileId },
        });
      }
      const jobs = await pendingOutboxJobs(db, 1000);
      expect(jobs.length - before).toBe(4);
      expect(jobs.map((j) => j.jobId)).toEqual(
        expect.arrayContaining(result.files.map((f) => `ingest-${f.fileId}`)),
      );
      expect(await readdir(local("out-arch"))).toEqual([]);
      expect((await readdir(local("archive-arch"))).sort()).toEqual(Object.keys(contents));
    });

    it("recognises content seen before under another name: one record, no new job, still archived", async () => {
      put("out-arch", "z-999-again.x12", sample("999"));
      const jobsBefore = (await pendingOutboxJobs(db, 1000)).length;
      const result = await poll("arch");
      expect(result.files).toHaveLength(1);
      const [again] = result.files;
      expect(again).toMatchObject({ duplicate: true, job: undefined, remote: "archived" });
      expect((await getFile(db, TENANT, again!.fileId))?.name).toBe("a-999.x12");
      const { rows } = await db.query<{ n: string | number }>(
        "select count(*) as n from files where tenant_id = $1 and partner_id = 'arch' and sha256 = (select sha256 from files where id = $2)",
        [TENANT, again!.fileId],
      );
      expect(Number(rows[0]?.n)).toBe(1);
      expect((await pendingOutboxJobs(db, 1000)).length).toBe(jobsBefore);
      expect(await readdir(local("out-arch"))).toEqual([]);
      expect(await readdir(local("archive-arch"))).toContain("z-999-again.x12");
    });

    it("removes polled files when the partner has no archive directory, and skips temp uploads", async () => {
      put("out-rm", "r1.x12", sample("271"));
      put("out-rm", "r2.x12.part", "still being written");
      const result = await poll("rm");
      expect(result.files.map((f) => [f.name, f.kind, f.remote])).toEqual([
        ["r1.x12", "271", "removed"],
      ]);
      expect(await readdir(local("out-rm"))).toEqual(["r2.x12.part"]);
      rmSync(local("out-rm", "r2.x12.part"));
    });

    it("leaves a file whose store write failed on the server, and takes it on the next poll", async () => {
      // A real store failure: the database itself refuses this one row.
      await db.execScript(`
        create function refuse_poison() returns trigger language plpgsql as $$
        begin
          if new.name = 'poison.x12' then raise exception 'refused by test trigger'; end if;
          return new;
        end $$;
        create trigger refuse_poison before insert on files
          for each row execute function refuse_poison();`);
      put("out-rm", "ok.x12", sample("277ca"));
      put("out-rm", "poison.x12", sample("835"));
      const first = await poll("rm");
      expect(first.files.map((f) => f.name)).toEqual(["ok.x12"]);
      expect(first.problems).toEqual([
        { name: "poison.x12", step: "store", code: "STORE_QUERY_FAILED" },
      ]);
      expect(await readdir(local("out-rm"))).toEqual(["poison.x12"]);
      const { rows } = await db.query("select 1 from files where name = 'poison.x12'");
      expect(rows).toEqual([]);

      await db.execScript("drop trigger refuse_poison on files; drop function refuse_poison();");
      const second = await poll("rm");
      expect(second.files.map((f) => [f.name, f.kind, f.duplicate])).toEqual([
        ["poison.x12", "835", false],
      ]);
      expect(await readdir(local("out-rm"))).toEqual([]);
    });

    it("keeps a stored file it cannot archive, then removes it once it was seen before", async () => {
      put("archive-arch", "clash.x12", "an older file of the same name");
      put("out-arch", "clash.x12", "ISA*new content~");
      const result = await poll("arch");
      expect(result.files.map((f) => [f.name, f.duplicate, f.remote])).toEqual([
        ["clash.x12", false, "kept"],
      ]);
      expect(await readdir(local("out-arch"))).toEqual(["clash.x12"]);
      // Next poll: stored before and still not movable, so it is removed (the store has it).
      const next = await poll("arch");
      expect(next.files.map((f) => [f.name, f.duplicate, f.remote])).toEqual([
        ["clash.x12", true, "removed"],
      ]);
      expect(await readdir(local("out-arch"))).toEqual([]);
      expect(readFileSync(local("archive-arch", "clash.x12"), "utf8")).toBe(
        "an older file of the same name",
      );
    });

    /** Sessions whose downloads first run `before` (to make a real fault happen right then). */
    function sessionsWithHook(before: (remotePath: string) => Promise<void>) {
      const lookup = storePartners(db);
      return new PartnerSessions(async (key) => {
        const [tenantId, partnerId] = JSON.parse(key) as [string, string];
        const session = await connectWithBackoff(
          await endpointFor((await lookup(tenantId, partnerId))!),
          fast,
        );
        const download = session.download.bind(session);
        session.download = async (remotePath) => {
          await before(remotePath);
          return download(remotePath);
        };
        return session;
      });
    }

    /** Writes files into out-rm with increasing modification times (poll order). */
    function queueFiles(...names: string[]) {
      names.forEach((name, i) => {
        put(
          "out-rm",
          name,
          TA1.replace("000000007", String(700 + nextId * 10 + i).padStart(9, "0")),
        );
        const t = new Date(Date.now() - 60_000 + i * 1000);
        utimesSync(local("out-rm", name), t, t);
      });
    }

    it("reports a file it cannot download and goes on with the next", async () => {
      queueFiles("1-vanishing.x12", "2-fine.x12");
      const hooked = sessionsWithHook((remotePath) => {
        if (remotePath.endsWith("1-vanishing.x12")) rmSync(local("out-rm", "1-vanishing.x12"));
        return Promise.resolve();
      });
      const result = await pollPartner(
        { ...deps, sessions: hooked },
        { tenantId: TENANT, partnerId: "rm" },
      );
      expect(result.problems).toEqual([
        { name: "1-vanishing.x12", step: "download", code: "SFTP_FAILED" },
      ]);
      expect(result.files.map((f) => [f.name, f.kind, f.remote])).toEqual([
        ["2-fine.x12", "TA1", "removed"],
      ]);
    });

    it("fails the poll, transient, when the connection is lost; files not yet stored stay", async () => {
      queueFiles("3-first.x12", "4-second.x12");
      const hooked = sessionsWithHook(async (remotePath) => {
        if (remotePath.endsWith("4-second.x12")) await sshd.kill();
      });
      let error: unknown;
      try {
        error = await pollPartner(
          { ...deps, sessions: hooked },
          { tenantId: TENANT, partnerId: "rm" },
        ).catch((e: unknown) => e);
      } finally {
        await sshd.restart();
      }
      expect(error).toBeInstanceOf(ClaimgateError);
      expect((error as ClaimgateError).transient).toBe(true);
      expect(await readdir(local("out-rm"))).toEqual(["4-second.x12"]);
      const { rows } = await db.query<{ name: string }>(
        "select name from files where name in ('3-first.x12', '4-second.x12')",
      );
      expect(rows.map((r) => r.name)).toEqual(["3-first.x12"]);

      const next = await poll("rm");
      expect(next.files.map((f) => [f.name, f.duplicate, f.remote])).toEqual([
        ["4-second.x12", false, "removed"],
      ]);
      expect(await readdir(local("out-rm"))).toEqual([]);
    });

    it("refuses a server whose host key is not pinned, not transient, files untouched", async () => {
      put("out-rm", "waiting.x12", TA1);
      const wrong = {
        ...removing,
        sftp: { ...removing.sftp, hostKeyFingerprint: "SHA256:" + "C".repeat(43) },
      };
      const lookup = () => Promise.resolve(wrong);
      const error = await pollPartner(
        { ...deps, partners: lookup, sessions: partnerSessions(lookup, { timeouts: fast }) },
        { tenantId: TENANT, partnerId: "rm" },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClaimgateError);
      expect((error as ClaimgateError).code).toBe("SFTP_HOST_KEY_MISMATCH");
      expect((error as ClaimgateError).transient).toBe(false);
      expect(await readdir(local("out-rm"))).toEqual(["waiting.x12"]);
      const { rows } = await db.query("select 1 from files where name = 'waiting.x12'");
      expect(rows).toEqual([]);
    });
  });
});
