import { describe, expect, it } from "vitest";
import {
  groupFailure,
  groupRejectionMessage,
  setFailure,
  setRejectionMessage,
  ta1Failure,
  ta1NoteMessage,
  timedOutFailure,
} from "../../../src/domain/ack-reasons.js";
import type { SetAcknowledgment } from "../../../src/x12/transactions/999.js";

const REJECTED_SET: SetAcknowledgment = {
  setId: "270",
  controlNumber: "0002",
  status: "R",
  errorCodes: ["5"],
  segmentErrors: [
    {
      segmentId: "NM1",
      position: 8,
      loop: "2100",
      code: "8",
      contexts: [],
      elementErrors: [{ position: 9, code: "I12", copy: "SECRET-MEMBER", contexts: [] }],
    },
  ],
};

describe("acknowledgment codes in plain language", () => {
  it("names TA1 note codes, and says so for an unknown one", () => {
    expect(ta1NoteMessage("025")).toBe(
      "The partner rejected the interchange (TA1 note 025): Duplicate interchange control number.",
    );
    expect(ta1NoteMessage("999")).toContain("code 999");
    expect(ta1Failure("006")).toEqual({
      reason: "rejected",
      source: "TA1",
      code: "TA1_006",
      codes: ["006"],
      message:
        "The partner rejected the interchange (TA1 note 006): Invalid interchange sender id.",
    });
  });

  it("says why a 999 rejected a set: IK5, IK502 and each IK3/IK4, never the element copy", () => {
    expect(setRejectionMessage(REJECTED_SET)).toBe(
      "The partner's 999 rejected the transaction set (IK5 R): One or more segments in error. " +
        "NM1 at segment 8 (loop 2100): Segment has data element errors; element 9: " +
        "Implementation pattern match failure.",
    );
    const failure = setFailure(REJECTED_SET);
    expect(failure).toMatchObject({
      code: "999_IK5_R",
      codes: ["5"],
      errors: [
        {
          segment: "NM1",
          position: 8,
          loop: "2100",
          code: "8",
          elements: [{ position: 9, code: "I12" }],
        },
      ],
    });
    expect(JSON.stringify(failure)).not.toContain("SECRET-MEMBER");
  });

  it("says why a 999 rejected a group (AK9 with AK905 codes)", () => {
    const group = {
      functionalId: "HS",
      controlNumber: "7",
      sets: [],
      status: "R" as const,
      errorCodes: ["5"],
    };
    expect(groupRejectionMessage(group)).toBe(
      "The partner's 999 rejected the functional group (AK9 R): Number of included transaction sets does not match actual count.",
    );
    expect(groupFailure(group)).toMatchObject({ code: "999_AK9_R", source: "999", codes: ["5"] });
  });

  it("names the deadline of a time-out", () => {
    expect(timedOutFailure(24)).toEqual({
      reason: "timed_out",
      source: "followup",
      code: "TIMED_OUT",
      message: "No 271 answer came within 24 hours of sending the 270 (the partner's deadline).",
    });
  });
});
