import { useMemo, useRef, useState } from 'react';
import { useLanguage } from '../../i18n/use-language';
import { SearchBox } from '../search/SearchBox';
import { SearchResults, type SearchResultsHandle } from '../search/SearchResults';
import '../search/search.css';
import { AccountBar } from './AccountBar';
import { AccountFilter } from './AccountFilter';
import { ConnectionIndicator } from './ConnectionIndicator';
import { ConversationList } from './ConversationList';
import './sidebar.css';

export function Sidebar() {
  // While there is a query, its results take the list's place; the list stays mounted
  // (hidden), keeping its scroll position and its readiness mark for the tests.
  const [query, setQuery] = useState('');
  const searchInput = useRef<HTMLInputElement>(null);
  const results = useRef<SearchResultsHandle>(null);
  const searching = query.trim() !== '';
  // A keystroke re-renders the box and the results only: the account bar and the list do
  // not depend on the query, and the same element tells React to skip them (bench B9,
  // keystroke → results painted, where the list's render was most of the work). A newly
  // chosen language makes them anew: their text (and the settings dialog they hold) is
  // rendered in place in it (App re-renders everything below it then).
  const language = useLanguage();
  const accountBar = useMemo(
    () => (
      <>
        <AccountBar />
        <ConnectionIndicator />
      </>
    ),
    [language], // read through t(), not a value here
  );
  const list = useMemo(
    () => (
      <div className="sidebar__list" hidden={searching}>
        <AccountFilter />
        <ConversationList />
      </div>
    ),
    [searching, language], // the language: read through t()
  );
  return (
    <aside className="sidebar">
      <SearchBox
        ref={searchInput}
        value={query}
        onChange={setQuery}
        onToResults={(how) => (how === 'focus' ? results.current?.focusFirst() : results.current?.openFirst())}
      />
      {accountBar}
      {searching && <SearchResults ref={results} query={query} />}
      {list}
    </aside>
  );
}
