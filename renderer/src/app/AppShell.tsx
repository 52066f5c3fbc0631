// The empty app shell: the sidebar's column and the main pane, with the product's name.
// index.html holds the same markup, so the window paints it as soon as the HTML and CSS are
// parsed; React shows this one until the session is known and the screen's chunk is loaded,
// then the screen replaces it in place (same grid, no jump). Keep both copies identical.
// The conversation rows painted before React (early-list.ts) stay in its sidebar meanwhile.
import { adoptEarlyList } from './early-list';

export function AppShell() {
  return (
    <div className="app-shell" aria-busy="true">
      <div className="app-shell__sidebar" ref={adoptEarlyList} />
      <main className="app-shell__main">
        <p className="app-shell__name">Parley</p>
      </main>
    </div>
  );
}
