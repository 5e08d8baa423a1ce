/**
 * Loading the trading partners of the config file into the store at start: every entry is
 * validated first (a bad entry changes nothing), then each is upserted with its payer routes.
 * Their tenants must exist.
 */
import { parseTradingPartners } from "../config/partners.js";
import type { TradingPartner } from "../config/partners.js";
import type { Database } from "../store/database.js";
import { upsertPartner } from "../store/partners.js";

export async function syncTradingPartners(
  db: Database,
  entries: readonly unknown[],
): Promise<TradingPartner[]> {
  const partners = parseTradingPartners(entries);
  for (const partner of partners) await upsertPartner(db, partner);
  return partners;
}
