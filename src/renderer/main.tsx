// Entry point: opens the database (with a clear message when storage fails) and renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ClaimdeskDb } from './db/schema';
import { StorageFailure, describeStorageError } from './features/storage/StorageFailure';
import './styles/app.css';

async function start() {
  const root = createRoot(document.getElementById('root')!);
  const db = new ClaimdeskDb();
  try {
    await db.open();
  } catch (e) {
    root.render(<StorageFailure message={describeStorageError(e)} />);
    return;
  }
  db.on('versionchange', () => {
    // Another tab upgraded the database: close ours so the upgrade is not blocked, and say so.
    db.close();
    root.render(<StorageFailure message="Claimdesk was updated in another window. Reload this page to continue." />);
    return false;
  });
  root.render(
    <StrictMode>
      <App db={db} />
    </StrictMode>,
  );
}

void start();
