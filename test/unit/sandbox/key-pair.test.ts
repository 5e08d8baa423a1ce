import { utils } from "ssh2";
import { describe, expect, it } from "vitest";
import { generateKeyPair } from "../../../src/sandbox/sftp-server.js";

describe("sandbox key pairs", () => {
  it("are always ones ssh2 can read back (its keygen alone fails about 1 in 256)", () => {
    // 2,000 draws: with ssh2's keygen alone, at least one unreadable pair is all but certain
    // ((255/256)^2000 is under 0.1%).
    const unreadable = Array.from({ length: 2000 }, generateKeyPair).filter(
      ({ privateKey, publicKey }) =>
        utils.parseKey(privateKey) instanceof Error || utils.parseKey(publicKey) instanceof Error,
    );
    expect(unreadable).toEqual([]);
  });
});
