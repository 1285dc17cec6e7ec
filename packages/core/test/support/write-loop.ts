/**
 * Writes forever until killed: units with their closure rows, and mails with their send jobs,
 * each in one transaction. The crash test kills this process mid-write.
 */
import { openDatabase, queueMail, units } from '../../src/index.ts';

const database = openDatabase(process.argv[2]!);
const lv = (await units.createUnit(database.db, { type: 'landesverband', name: 'LV', code: 'LV', parentId: null })).id;
const kv = (await units.createUnit(database.db, { type: 'kreisverband', name: 'KV', code: 'KV', parentId: lv })).id;
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  await units.createUnit(database.db, { type: 'ortsverein', name: `OV ${i}`, code: `OV-${i}`, parentId: kv });
  await database.db.transaction().execute((trx) =>
    queueMail(
      trx,
      {
        to: `m${i}@example.org`,
        subject: `Mail ${i}`,
        text: 'x'.repeat(2000),
        html: '<p>x</p>',
        locale: 'de',
        kind: 'test',
      },
      { messageDomain: 'test' },
    ),
  );
}
