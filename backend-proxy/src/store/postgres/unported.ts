import { storeNotOffered } from '../../errors';
import { AlarmStore } from '../alarms';

/**
 * Alarms on PostgreSQL: their evaluation lives in SQLite's value writer so far. Listing, reading,
 * acting on and auditing alarms answer DOPPEL_ERR_STORE_NOT_OFFERED (400); values written to an
 * alarm component are stored without moving its state.
 */
export class PgAlarmStore implements AlarmStore {
  async list(): Promise<never> {
    throw storeNotOffered('Listing alarms');
  }

  async get(): Promise<never> {
    throw storeNotOffered('Reading an alarm');
  }

  async act(): Promise<never> {
    throw storeNotOffered('Alarm actions (acknowledge, snooze, reset)');
  }

  async events(): Promise<never> {
    throw storeNotOffered('Alarm events');
  }
}
