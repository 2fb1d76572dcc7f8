/** A new empty store, migrated, as the server's first start leaves it: the command line works on existing stores only. */
import { openStore } from "@kaohe/db";

export async function emptyStore(url: string): Promise<string> {
  const store = await openStore(url);
  await store.close();
  return url;
}
