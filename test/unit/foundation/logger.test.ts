import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, REDACTED } from "../../../src/logging/logger.js";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  return { lines, stream };
}

const phi = {
  patientFirst: "Zelda",
  patientLast: "Quixworth",
  memberId: "W987654321",
  dob: "1961-04-17",
  street: "742 Evergreen Terrace",
  subscriberLast: "Oberholtzer",
  raw: "ISA*00*          *00*          *ZZ*SUBMITTER",
};

describe("logger PHI redaction", () => {
  it("writes none of the PHI values, at any of the usual depths", () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: "info", destination: stream });
    log.info(
      {
        claimId: "clm_123",
        patient: { firstName: phi.patientFirst, lastName: phi.patientLast, dateOfBirth: phi.dob },
        subscriber: { lastName: phi.subscriberLast, memberId: phi.memberId },
        job: {
          data: {
            memberId: phi.memberId,
            address: { address1: phi.street },
            rawX12: phi.raw,
          },
        },
        memberId: phi.memberId,
        dob: phi.dob,
        payload: phi.raw,
      },
      "claim received",
    );
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    for (const value of Object.values(phi)) expect(line).not.toContain(value);
    // What is not PHI stays readable, and the censored fields are visibly censored.
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(parsed.claimId).toBe("clm_123");
    expect(parsed.msg).toBe("claim received");
    expect(parsed.patient).toBe(REDACTED);
    expect(parsed.memberId).toBe(REDACTED);
  });

  it("logs JSON lines at the configured level", () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: "warn", destination: stream });
    log.info("hidden");
    log.warn({ code: "SFTP_TIMEOUT" }, "shown");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, code: "SFTP_TIMEOUT", msg: "shown" });
  });
});
