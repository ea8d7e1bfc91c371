// Entry point: opens the database (with a clear message when storage fails) and renders the app.
// The CSP narrowing goes first: nothing may open a connection before it (features/sync/csp-boot.ts).
import './features/sync/csp-boot';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ClaimdeskDb } from './db/schema';
import { installTextSummaries } from './db/library-reads';
import { StorageFailure } from './features/storage/StorageFailure';
import { describeStorageError, openDatabase } from './db/storage-errors';
import './styles/app.css';
import './styles/print.css';

async function start() {
  const root = createRoot(document.getElementById('root')!);
  const db = new ClaimdeskDb();
  // documents (issue 13/17): every docTexts write keeps a text-less summary for the library list.
  installTextSummaries(db);
  try {
    // While another window holds an older version open, the upgrade waits: say so instead of a blank
    // window. The open completes (and the app replaces this message) once that window lets go.
    await openDatabase(db, () =>
      root.render(
        <StorageFailure
          title="Claimdesk is waiting for another window"
          message={describeStorageError(Object.assign(new Error('the database upgrade is blocked'), { name: 'BlockedError' }))}
        />,
      ),
    );
  } catch (e) {
    root.render(<StorageFailure message={describeStorageError(e)} />);
    return;
  }
  db.on('versionchange', () => {
    // Another tab upgraded the database: close ours so the upgrade is not blocked, and say so.
    db.close();
    root.render(<StorageFailure title="Claimdesk was updated in another window" message="Another window is upgrading Claimdesk’s saved data. This window let go of it so the upgrade can finish: reload this page to continue." />);
    return false;
  });
  root.render(
    <StrictMode>
      <App db={db} />
    </StrictMode>,
  );
}

void start();
