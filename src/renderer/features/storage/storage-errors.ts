// Storage errors as the storage screens show them; the logic lives in db/storage-errors (opening the
// database is the db layer's job), re-exported here for the screens and their tests.
export * from '../../db/storage-errors';
