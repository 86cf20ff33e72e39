/** Opens the configured store: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR. */
import type { RecordsConfig } from '../../config/config.js';
import { openPostgres } from './pg-driver.js';
import { RecordStore } from './record-store.js';
import { openSqlite } from './sqlite-driver.js';

export async function openRecordStore(config: RecordsConfig): Promise<RecordStore> {
  const driver = config.databaseUrl !== undefined ? await openPostgres(config.databaseUrl, config.databaseSchema) : openSqlite(config.storeDir);
  try {
    return await RecordStore.open(driver);
  } catch (error) {
    await driver.close();
    throw error;
  }
}
