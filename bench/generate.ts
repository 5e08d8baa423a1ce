/**
 * Synthetic 835 and 837P interchanges for the benchmark: one ISA/GS, transaction sets of
 * 200 claims each until the target size is reached. Amounts balance (CLP03 − ΣCAS = CLP04,
 * BPR02 = ΣCLP04) so that readers and validators have realistic work. All names and ids are
 * made up.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";

export type BenchKind = "835" | "837p";

const CLAIMS_PER_SET = 200;
const ISA_TEMPLATE =
  "ISA*00*          *00*          *ZZ*BENCHSENDER    *ZZ*BENCHRECEIVER  *240102*1230*^*00501*000000001*0*T*:~";

function groupHeader(kind: BenchKind): string {
  const [functional, guide] = kind === "835" ? ["HP", "005010X221A1"] : ["HC", "005010X222A1"];
  return `GS*${functional}*BENCHSENDER*BENCHRECEIVER*20240102*1230*1*X*${guide}~`;
}

function trailer(sets: number): string {
  return `GE*${sets}*1~IEA*1*000000001~`;
}

/** Appends the SE with its segment count (terminators so far, plus the SE itself). */
function closeSet(body: string, control: string): string {
  let segments = 1;
  for (let at = body.indexOf("~"); at !== -1; at = body.indexOf("~", at + 1)) segments++;
  return `${body}SE*${segments}*${control}~`;
}

/** One 835 transaction set (ST..SE) with CLAIMS_PER_SET claims of two service lines. */
function remittanceSet(setNumber: number): string {
  const control = String(setNumber).padStart(4, "0");
  const claims: string[] = [];
  for (let c = 0; c < CLAIMS_PER_SET; c++) {
    const id = `${setNumber}X${c}`;
    claims.push(
      `CLP*PCN${id}*1*200*160*20*12*PAYERCLM${id}*11*1~`,
      `NM1*QC*1*PATIENT*ALEX****MI*MBR${id}~`,
      "DTM*232*20240101~",
      "SVC*HC:99213*100*80**1~DTM*472*20240101~CAS*CO*45*10~CAS*PR*1*10~AMT*B6*90~",
      "SVC*HC:85025*100*80**1~DTM*472*20240101~CAS*CO*45*10~CAS*PR*2*10~AMT*B6*90~",
    );
  }
  const total = 160 * CLAIMS_PER_SET;
  const head = [
    `ST*835*${control}~`,
    `BPR*I*${total}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20240105~`,
    `TRN*1*EFT${setNumber}*1512345678~`,
    "DTM*405*20240102~",
    "N1*PR*BENCH PAYER~N3*1 PAYER WAY~N4*SPRINGFIELD*IL*62701~REF*2U*99999~",
    "PER*BL*EDI SUPPORT*TE*8005551212~",
    "N1*PE*BENCH CLINIC*XX*1234567893~N3*2 CLINIC ROAD~N4*SPRINGFIELD*IL*62702~REF*TJ*123456789~",
    "LX*1~",
  ];
  return closeSet(head.join("") + claims.join(""), control);
}

/** One 837P transaction set with CLAIMS_PER_SET subscriber claims of two lines each. */
function claimSet(setNumber: number): string {
  const control = String(setNumber).padStart(4, "0");
  const head = [
    `ST*837*${control}*005010X222A1~`,
    `BHT*0019*00*BATCH${setNumber}*20240102*1230*CH~`,
    "NM1*41*2*BENCH SUBMITTER*****46*SUB123~PER*IC*EDI DESK*TE*8005551212~",
    "NM1*40*2*BENCH PAYER*****46*PAYER01~",
    "HL*1**20*1~NM1*85*2*BENCH CLINIC*****XX*1234567893~N3*2 CLINIC ROAD~N4*SPRINGFIELD*IL*62702~REF*EI*123456789~",
  ];
  const claims: string[] = [];
  for (let c = 0; c < CLAIMS_PER_SET; c++) {
    const id = `${setNumber}X${c}`;
    claims.push(
      `HL*${c + 2}*1*22*0~SBR*P*18*******CI~`,
      `NM1*IL*1*PATIENT*ALEX****MI*MBR${id}~N3*3 HOME STREET~N4*SPRINGFIELD*IL*62703~DMG*D8*19800101*F~`,
      "NM1*PR*2*BENCH PAYER*****PI*PAYER01~",
      `CLM*PCN${id}*200***11:B:1*Y*A*Y*Y~REF*D9*SUB${id}~HI*ABK:J20*ABF:R05~`,
      "LX*1~SV1*HC:99213*100*UN*1***1:2~DTM*472*D8*20240101~",
      "LX*2~SV1*HC:85025*100*UN*1***1~DTM*472*D8*20240101~",
    );
  }
  return closeSet(head.join("") + claims.join(""), control);
}

function setOf(kind: BenchKind, setNumber: number): string {
  return kind === "835" ? remittanceSet(setNumber) : claimSet(setNumber);
}

/** An interchange of about `bytes` bytes (at least one set) in memory. */
export function generate(kind: BenchKind, bytes: number): Buffer {
  const parts = [ISA_TEMPLATE, groupHeader(kind)];
  let size = parts[0]!.length + parts[1]!.length;
  let sets = 0;
  while (size < bytes || sets === 0) {
    const set = setOf(kind, ++sets);
    parts.push(set);
    size += set.length;
  }
  parts.push(trailer(sets));
  return Buffer.from(parts.join(""), "latin1");
}

/** Writes an interchange of about `bytes` bytes to a file without holding it in memory. */
export async function generateFile(kind: BenchKind, bytes: number, path: string): Promise<number> {
  const out = createWriteStream(path);
  let size = 0;
  const write = async (text: string): Promise<void> => {
    size += text.length;
    if (!out.write(text, "latin1")) await once(out, "drain");
  };
  await write(ISA_TEMPLATE + groupHeader(kind));
  let sets = 0;
  while (size < bytes) await write(setOf(kind, ++sets));
  await write(trailer(sets));
  out.end();
  await once(out, "finish");
  return size;
}
