/**
 * GET /v1/remittances/:id: one 835 payment (BPR, TRN, payer, payee, dates), the claims it
 * posted (a page at a time: `limit`, default 100, and `cursor`), its PLB adjustments, the claim
 * payments that matched no claim, and whether it balanced (posted) or is held unbalanced.
 * Another tenant's remittance is a 404.
 */
import type { FastifyPluginCallback } from "fastify";
import { remittancePayment } from "../../domain/remittance-payment.js";
import type { RemittancePayment } from "../../domain/remittance-payment.js";
import type { RemittanceRecord } from "../../store/claim-payments-read.js";
import {
  getRemittance,
  remittancePayments,
  remittanceProviderAdjustments,
  unmatchedOfFile,
} from "../../store/claim-payments-read.js";
import { fileContent } from "../../store/files.js";
import { parseLimit } from "../paging.js";
import { ApiProblem } from "../problem.js";
import { findRemittance, remittanceView } from "../remittance-view.js";
import type { ApiDeps } from "../server.js";

/** The claims' cursor is the position of the last CLP of a page. */
function parsePositionCursor(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,9}$/.test(raw))
    throw new ApiProblem("VALIDATION_FAILED", "cursor is not one this API returned.");
  return Number(raw);
}

/**
 * The payment as the row keeps it; for a row recorded before migration 0009, read back from the
 * archived 835 (undefined when that cannot be read).
 */
async function paymentOf(
  deps: ApiDeps,
  tenantId: string,
  row: RemittanceRecord,
): Promise<RemittancePayment | undefined> {
  if (row.payment !== undefined) return row.payment;
  const remit = findRemittance(await fileContent(deps.db, tenantId, row.fileId), row);
  return remit && remittancePayment(remit);
}

export const remittanceRoutes: FastifyPluginCallback<{ deps: ApiDeps }> = (app, { deps }, done) => {
  app.get<{ Params: { id: string }; Querystring: { limit?: string; cursor?: string } }>(
    "/v1/remittances/:id",
    async (request) => {
      const tenantId = request.tenantId;
      const limit = parseLimit(request.query.limit);
      const afterPosition = parsePositionCursor(request.query.cursor);
      const row = await getRemittance(deps.db, tenantId, request.params.id);
      if (!row) throw new ApiProblem("NOT_FOUND", "No such remittance.");
      const [payment, posted, providerAdjustments, unmatched] = await Promise.all([
        paymentOf(deps, tenantId, row),
        remittancePayments(deps.db, tenantId, row.id, {
          ...(afterPosition === undefined ? {} : { afterPosition }),
          limit,
        }),
        remittanceProviderAdjustments(deps.db, tenantId, row.id),
        unmatchedOfFile(deps.db, tenantId, row.fileId, "835"),
      ]);
      const last = posted.claims.at(-1);
      return {
        ...remittanceView({
          row,
          payment,
          claims: posted.claims,
          claimsPosted: posted.total,
          claimsPaidCents: posted.paidCents,
          providerAdjustments,
          unmatched,
        }),
        // The claims come a page at a time (an 835 can post 100k): the next page's cursor.
        nextCursor: posted.claims.length === limit && last ? String(last.position) : null,
      };
    },
  );
  done();
};
