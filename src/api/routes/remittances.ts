/**
 * GET /v1/remittances/:id: one 835 payment (BPR, TRN, payer, payee, dates), the claims it
 * posted, its PLB adjustments, the claim payments that matched no claim, and whether it
 * balanced (posted) or is held unbalanced. Another tenant's remittance is a 404.
 */
import type { FastifyPluginCallback } from "fastify";
import {
  getRemittance,
  remittancePayments,
  remittanceProviderAdjustments,
  unmatchedOfFile,
} from "../../store/claim-payments-read.js";
import { fileContent } from "../../store/files.js";
import { ApiProblem } from "../problem.js";
import { findRemittance, remittanceView } from "../remittance-view.js";
import type { ApiDeps } from "../server.js";

export const remittanceRoutes: FastifyPluginCallback<{ deps: ApiDeps }> = (app, { deps }, done) => {
  app.get<{ Params: { id: string } }>("/v1/remittances/:id", async (request) => {
    const tenantId = request.tenantId;
    const row = await getRemittance(deps.db, tenantId, request.params.id);
    if (!row) throw new ApiProblem("NOT_FOUND", "No such remittance.");
    const [content, claims, providerAdjustments, unmatched] = await Promise.all([
      fileContent(deps.db, tenantId, row.fileId),
      remittancePayments(deps.db, tenantId, row.id),
      remittanceProviderAdjustments(deps.db, tenantId, row.id),
      unmatchedOfFile(deps.db, tenantId, row.fileId, "835"),
    ]);
    const remit = findRemittance(content, row);
    return remittanceView({ row, remit, claims, providerAdjustments, unmatched });
  });
  done();
};
