/**
 * Segment ids the X12 standard defines that we know of: the segments of the HIPAA 005010
 * guides plus common ones of other transaction sets. A segment whose id is here but not in
 * the transaction's guide is "not in defined transaction set" (IK304 6); one whose id is
 * nowhere here is "unrecognized segment ID" (IK304 1). The list is not the whole X12
 * dictionary, so a rare real segment may be reported as unrecognized.
 */
const IDS = `
AAA ACK ACT ADX AK1 AK2 AK3 AK4 AK5 AK9 AMT BAK BEG BGN BHT BIG BPR BSN CAS CL1 CLM CLP CN1
CR1 CR2 CR3 CR4 CR5 CR6 CR7 CR8 CRC CTP CTT CTX CUR DMG DN1 DN2 DSB DTM DTP EB EC ENT EQ FOB
FRM G62 GE GS HCP HCR HD HI HL HSD IDC IEA III IK3 IK4 IK5 INS ISA ISS IT1 ITD K1 K2 K3 LE LIN
LM LQ LS LUI LX MAN MEA MIA MOA MPI MSG N1 N2 N3 N4 N9 NM1 NTE NX1 OI PAT PER PID PKG PLA PLB
PO1 PRV PS1 PWK QTY RDM REF RMR SAC SBR SCH SE SLN ST STC SV1 SV2 SV3 SV4 SV5 SV6 SV7 SVC SVD
TA1 TD1 TD3 TD4 TD5 TDS TOO TRN TS2 TS3 UM UR
`;

export const KNOWN_SEGMENT_IDS: ReadonlySet<string> = new Set(IDS.split(/\s+/).filter(Boolean));
