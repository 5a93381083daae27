import { useState } from 'react';
import { filterEntries, filterLabels, FilterName, Filters, withValue } from '../model/filters';
import { formatTime } from '../model/format';

const attackTypes = ['sqli', 'xss', 'rce', 'path-traversal', 'rfi', 'ssrf', 'ssti', 'xxe', 'nosqli', 'ldapi', 'crlf', 'java', 'php', 'scanner'];

/** Names a person types a value for; the time window and `malicious` have their own controls. */
const addable: FilterName[] = ['application', 'host', 'user', 'role', 'clientIp', 'method', 'status', 'attackType', 'endpoint', 'sessionId', 'requestId'];

const placeholders: Partial<Record<FilterName, string>> = {
  clientIp: '203.0.113.7 or 10.0.0.0/8',
  method: 'GET',
  status: '404 or 5xx',
  endpoint: 'GET /users/{id}',
  attackType: 'xss',
};

/** The active filters as removable chips, and a form to add one. */
export function FilterBar({ filters, onChange, idPrefix, label }: { filters: Filters; onChange: (filters: Filters) => void; idPrefix: string; label: string }) {
  const [name, setName] = useState<FilterName>('clientIp');
  const [value, setValue] = useState('');
  const entries = filterEntries(filters);

  const add = (event: React.FormEvent) => {
    event.preventDefault();
    if (value.trim() === '') return;
    onChange(withValue(filters, name, value));
    setValue('');
  };
  const remove = (removed: FilterName, removedValue: string) => onChange({ ...filters, [removed]: filters[removed].filter((existing) => existing !== removedValue) });

  return (
    <section className="filter-bar" aria-label={label}>
      <ul className="chips" aria-label="Active filters">
        {entries.length === 0 && <li className="muted">No filters</li>}
        {entries.map(([entryName, entryValue]) => (
          <li key={`${entryName}=${entryValue}`} className="chip" data-filter={entryName}>
            <span>
              {filterLabels[entryName]}: <strong>{entryName === 'from' || entryName === 'to' ? formatTime(entryValue) : entryValue}</strong>
            </span>
            <button type="button" className="chip-remove" aria-label={`Remove filter ${filterLabels[entryName]} ${entryValue}`} onClick={() => remove(entryName, entryValue)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form className="add-filter" onSubmit={add}>
        <label htmlFor={`${idPrefix}-filter-name`} className="visually-hidden">
          Filter on
        </label>
        <select id={`${idPrefix}-filter-name`} value={name} onChange={(event) => setName(event.target.value as FilterName)}>
          {addable.map((option) => (
            <option key={option} value={option}>
              {filterLabels[option]}
            </option>
          ))}
        </select>
        <label htmlFor={`${idPrefix}-filter-value`} className="visually-hidden">
          Filter value
        </label>
        <input id={`${idPrefix}-filter-value`} value={value} onChange={(event) => setValue(event.target.value)} placeholder={placeholders[name] ?? 'value'} list={name === 'attackType' ? `${idPrefix}-attack-types` : undefined} />
        <datalist id={`${idPrefix}-attack-types`}>
          {attackTypes.map((type) => (
            <option key={type} value={type} />
          ))}
        </datalist>
        <button type="submit" className="small">
          Add filter
        </button>
        <label className="checkbox">
          <input type="checkbox" checked={filters.malicious.includes('true')} onChange={(event) => onChange({ ...filters, malicious: event.target.checked ? ['true'] : [] })} />
          Only malicious
        </label>
      </form>
    </section>
  );
}
