/**
 * Trading partners from the config file (`tradingPartners: [...]`), validated into typed
 * objects once at start.
 *
 * Credentials are file references (privateKeyFile or passwordFile), never secrets in the
 * config. Errors name the entry index and the key (`tradingPartners[2].sftp.port`) and what is
 * expected, never the value: it may be a secret or a host name that belongs to a customer.
 */
import { ClaimgateError } from "../errors.js";

export type UsageIndicator = "T" | "P";

export interface PartnerSftp {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  /** Path of the private key file (OpenSSH or PEM format). Exactly one credential is set. */
  readonly privateKeyFile: string | undefined;
  /** Path of a file holding the password (a trailing newline is ignored). */
  readonly passwordFile: string | undefined;
  /** Pinned host key, as `ssh-keygen -l -E sha256` prints it: "SHA256:<43 base64 chars>". */
  readonly hostKeyFingerprint: string;
}

export interface PartnerPayer {
  readonly payerId: string;
  readonly timelyFilingDays: number | undefined;
}

export interface TradingPartner {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  /** ISA15: T (test) or P (production). */
  readonly usage: UsageIndicator;
  readonly sftp: PartnerSftp;
  /** The partner's directory where we put our files. */
  readonly inboundDir: string;
  /** The partner's directory where we find theirs. */
  readonly outboundDir: string;
  /** Where polled files are moved on the server; when undefined they are removed. */
  readonly archiveDir: string | undefined;
  /** Name of outbound files, e.g. "{kind}-{isa13}.x12" (see FILE_NAME_PLACEHOLDERS). */
  readonly fileNamePattern: string;
  readonly isa: {
    readonly senderQualifier: string;
    readonly senderId: string;
    readonly receiverQualifier: string;
    readonly receiverId: string;
  };
  readonly gs: { readonly senderId: string; readonly receiverId: string };
  readonly payers: readonly PartnerPayer[];
  /** Hours after transmission by which the 999/TA1, the 277CA and the 835 are due. */
  readonly followUp: {
    readonly ackHours: number;
    readonly claimAckHours: number;
    readonly remitHours: number;
  };
  readonly batch: {
    /** Claims waiting that trigger a batch before the interval ends. */
    readonly size: number;
    readonly intervalSeconds: number;
    readonly maxClaimsPerSt: number;
  };
}

/** Placeholders a file name pattern may use; {isa13} is required so every name is unique. */
export const FILE_NAME_PLACEHOLDERS = ["kind", "isa13", "partner", "date", "time"] as const;
export type FileNameValues = Readonly<Record<(typeof FILE_NAME_PLACEHOLDERS)[number], string>>;

export const DEFAULT_FILE_NAME_PATTERN = "{kind}-{isa13}.x12";

/** The file name for an outbound interchange from the partner's pattern. */
export function renderFileName(pattern: string, values: FileNameValues): string {
  return pattern.replace(/\{(\w+)\}/g, (_, key: string) => values[key as keyof FileNameValues]);
}

// ---------------------------------------------------------------- reading one entry

class Invalid extends Error {
  constructor(
    readonly key: string,
    readonly expected: string,
  ) {
    super(`${key} must be ${expected}`);
  }
}

type Raw = Record<string, unknown>;

/** A view of one JSON object that knows its key path, for messages. */
class Reader {
  constructor(
    private readonly raw: Raw,
    private readonly at: string,
    allowed: readonly string[],
  ) {
    for (const key of Object.keys(raw)) {
      if (key === "privateKey" || key === "password") {
        throw new Invalid(
          this.key(key),
          "absent: give a file reference (privateKeyFile or passwordFile)",
        );
      }
      if (!allowed.includes(key)) throw new Invalid(this.key(key), "a known key; it is not one");
    }
  }

  key(name: string): string {
    return `${this.at}.${name}`;
  }

  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null;
  }

  string(name: string, expected: string, test: (s: string) => boolean): string {
    const v = this.raw[name];
    if (typeof v !== "string" || !test(v)) throw new Invalid(this.key(name), expected);
    return v;
  }

  optionalString(name: string, expected: string, test: (s: string) => boolean) {
    return this.has(name) ? this.string(name, expected, test) : undefined;
  }

  integer(name: string, min: number, max: number, fallback?: number): number {
    const v = this.raw[name];
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      throw new Invalid(this.key(name), `an integer from ${min} to ${max}`);
    }
    return v;
  }

  object(name: string, allowed: readonly string[], optional = false): Reader {
    const v = this.raw[name];
    if (optional && (v === undefined || v === null)) return new Reader({}, this.key(name), allowed);
    if (!isObject(v)) throw new Invalid(this.key(name), "an object");
    return new Reader(v, this.key(name), allowed);
  }

  array(name: string): unknown[] {
    const v = this.raw[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new Invalid(this.key(name), "an array");
    return v;
  }
}

const isObject = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

const ID = /^[A-Za-z0-9_-]{1,40}$/;
const ID_EXPECTED = "1 to 40 letters, digits, '-' or '_'";
const isId = (s: string) => ID.test(s);
const nonBlank = (s: string) => s.trim() !== "" && s.length <= 200;
const noSpace = (s: string) => /^\S{1,255}$/.test(s);
/** X12 envelope ids: printable ASCII, no delimiter candidates. */
const envelopeId = (min: number, max: number) => (s: string) =>
  s.length >= min && s.length <= max && /^[A-Za-z0-9 .,&()'/@#-]+$/.test(s) && s.trim() !== "";
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

function readSftp(r: Reader): PartnerSftp {
  const s = r.object("sftp", [
    "host",
    "port",
    "username",
    "privateKeyFile",
    "passwordFile",
    "hostKeyFingerprint",
  ]);
  const privateKeyFile = s.optionalString("privateKeyFile", "a file path", nonBlank);
  const passwordFile = s.optionalString("passwordFile", "a file path", nonBlank);
  if ((privateKeyFile === undefined) === (passwordFile === undefined)) {
    throw new Invalid(s.key("privateKeyFile"), "set, or passwordFile set (exactly one of them)");
  }
  return {
    host: s.string("host", "a host name or address", noSpace),
    port: s.integer("port", 1, 65535, 22),
    username: s.string("username", "a user name without spaces", noSpace),
    privateKeyFile,
    passwordFile,
    hostKeyFingerprint: s.string(
      "hostKeyFingerprint",
      'an OpenSSH SHA256 fingerprint ("SHA256:" and 43 base64 characters)',
      (v) => FINGERPRINT.test(v),
    ),
  };
}

function readFileNamePattern(r: Reader): string {
  const expected =
    `a file name (no '/') with placeholders from ${FILE_NAME_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}` +
    ", including {isa13}";
  return (
    r.optionalString("fileNamePattern", expected, (p) => {
      const used = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");
      return (
        /^[^/\\\s]{1,200}$/.test(p) &&
        used.includes("isa13") &&
        used.every((u) => (FILE_NAME_PLACEHOLDERS as readonly string[]).includes(u)) &&
        !/[{}]/.test(p.replace(/\{\w+\}/g, ""))
      );
    }) ?? DEFAULT_FILE_NAME_PATTERN
  );
}

function readPayers(r: Reader): PartnerPayer[] {
  const seen = new Set<string>();
  return r.array("payers").map((raw, i) => {
    const at = `${r.key("payers")}[${i}]`;
    if (!isObject(raw)) throw new Invalid(at, "an object");
    const p = new Reader(raw, at, ["payerId", "timelyFilingDays"]);
    const payerId = p.string("payerId", "a payer id (1 to 80 characters)", (s) =>
      /^\S{1,80}$/.test(s),
    );
    if (seen.has(payerId)) throw new Invalid(p.key("payerId"), "unique within the partner");
    seen.add(payerId);
    const timelyFilingDays = p.has("timelyFilingDays")
      ? p.integer("timelyFilingDays", 1, 3650)
      : undefined;
    return { payerId, timelyFilingDays };
  });
}

const TOP_KEYS = [
  "id",
  "tenantId",
  "name",
  "usage",
  "sftp",
  "inboundDir",
  "outboundDir",
  "archiveDir",
  "fileNamePattern",
  "isa",
  "gs",
  "payers",
  "followUp",
  "batch",
];

function readPartner(raw: Raw, at: string): TradingPartner {
  const r = new Reader(raw, at, TOP_KEYS);
  const isa = r.object("isa", ["senderQualifier", "senderId", "receiverQualifier", "receiverId"]);
  const gs = r.object("gs", ["senderId", "receiverId"]);
  const followUp = r.object("followUp", ["ackHours", "claimAckHours", "remitHours"], true);
  const batch = r.object("batch", ["size", "intervalSeconds", "maxClaimsPerSt"], true);
  const qualifier = envelopeId(2, 2);
  const dir = "a directory path on the partner's server";
  return {
    id: r.string("id", ID_EXPECTED, isId),
    tenantId: r.string("tenantId", ID_EXPECTED, isId),
    name: r.string("name", "a non-empty name (at most 200 characters)", nonBlank),
    usage: r.string("usage", "T (test) or P (production)", (u) => u === "T" || u === "P") as
      "T" | "P",
    sftp: readSftp(r),
    inboundDir: r.string("inboundDir", dir, nonBlank),
    outboundDir: r.string("outboundDir", dir, nonBlank),
    archiveDir: r.optionalString("archiveDir", dir, nonBlank),
    fileNamePattern: readFileNamePattern(r),
    isa: {
      senderQualifier: isa.string("senderQualifier", "2 characters (ISA05)", qualifier),
      senderId: isa.string("senderId", "1 to 15 characters (ISA06)", envelopeId(1, 15)),
      receiverQualifier: isa.string("receiverQualifier", "2 characters (ISA07)", qualifier),
      receiverId: isa.string("receiverId", "1 to 15 characters (ISA08)", envelopeId(1, 15)),
    },
    gs: {
      senderId: gs.string("senderId", "2 to 15 characters (GS02)", envelopeId(2, 15)),
      receiverId: gs.string("receiverId", "2 to 15 characters (GS03)", envelopeId(2, 15)),
    },
    payers: readPayers(r),
    followUp: {
      ackHours: followUp.integer("ackHours", 1, 8760, 24),
      claimAckHours: followUp.integer("claimAckHours", 1, 8760, 72),
      remitHours: followUp.integer("remitHours", 1, 8760, 720),
    },
    batch: {
      size: batch.integer("size", 1, 100_000, 500),
      intervalSeconds: batch.integer("intervalSeconds", 1, 86_400, 60),
      maxClaimsPerSt: batch.integer("maxClaimsPerSt", 1, 5000, 5000),
    },
  };
}

function invalid(key: string, expected: string): ClaimgateError {
  return new ClaimgateError("CONFIG_INVALID", `Invalid configuration: ${key} must be ${expected}.`);
}

/** Validates one raw entry; `index` is its place in the config file's tradingPartners. */
export function parseTradingPartner(raw: unknown, index: number): TradingPartner {
  const at = `tradingPartners[${index}]`;
  if (!isObject(raw)) throw invalid(at, "an object");
  try {
    return readPartner(raw, at);
  } catch (e) {
    if (e instanceof Invalid) throw invalid(e.key, e.expected);
    throw e;
  }
}

/**
 * Validates every entry, then what spans entries: a partner id once per tenant, and a payer
 * routed by one partner per tenant (the store keys routes by tenant and payer).
 */
export function parseTradingPartners(raw: readonly unknown[]): TradingPartner[] {
  const partners = raw.map((entry, i) => parseTradingPartner(entry, i));
  const ids = new Set<string>();
  const payers = new Set<string>();
  partners.forEach((p, i) => {
    const id = JSON.stringify([p.tenantId, p.id]);
    if (ids.has(id)) throw invalid(`tradingPartners[${i}].id`, "unique within its tenant");
    ids.add(id);
    p.payers.forEach((payer, j) => {
      const key = JSON.stringify([p.tenantId, payer.payerId]);
      if (payers.has(key)) {
        throw invalid(
          `tradingPartners[${i}].payers[${j}].payerId`,
          "routed by one partner per tenant",
        );
      }
      payers.add(key);
    });
  });
  return partners;
}
