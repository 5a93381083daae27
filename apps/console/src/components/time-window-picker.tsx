import { useEffect, useState } from 'react';
import { fromUtcInputValue, matchingPreset, presets, presetWindow, TimeWindow, toUtcInputValue, windowProblem } from '../model/time-window';

/** Presets (absolute once chosen) and an absolute range in UTC; `onChange` gets the window to put in the URL. */
export function TimeWindowPicker({ window, onChange, idPrefix }: { window: TimeWindow; onChange: (window: TimeWindow) => void; idPrefix: string }) {
  const [from, setFrom] = useState(toUtcInputValue(window.from));
  const [to, setTo] = useState(toUtcInputValue(window.to));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setFrom(toUtcInputValue(window.from));
    setTo(toUtcInputValue(window.to));
    setProblem(null);
  }, [window.from, window.to]);
  const active = matchingPreset(window);

  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    const next = { from: from === '' ? null : fromUtcInputValue(from), to: to === '' ? null : fromUtcInputValue(to) };
    if ((from !== '' && next.from === null) || (to !== '' && next.to === null)) return setProblem('Give dates as YYYY-MM-DDTHH:mm (UTC).');
    const refused = windowProblem(next);
    if (refused) return setProblem(refused);
    setProblem(null);
    onChange(next);
  };

  return (
    <fieldset className="time-window">
      <legend>Time window (UTC)</legend>
      <div className="presets" role="group" aria-label="Time window presets">
        {presets.map((preset) => (
          <button key={preset.id} type="button" className={active === preset.id ? 'small pressed' : 'small'} aria-pressed={active === preset.id} onClick={() => onChange(presetWindow(preset.id, Date.now()))}>
            {preset.label}
          </button>
        ))}
        <button type="button" className="small" disabled={window.from === null && window.to === null} onClick={() => onChange({ from: null, to: null })}>
          Any time
        </button>
      </div>
      <form className="absolute" onSubmit={apply}>
        <label htmlFor={`${idPrefix}-from`}>From</label>
        <input id={`${idPrefix}-from`} type="datetime-local" step="1" value={from} onChange={(event) => setFrom(event.target.value)} aria-describedby={problem ? `${idPrefix}-window-problem` : undefined} />
        <label htmlFor={`${idPrefix}-to`}>To</label>
        <input id={`${idPrefix}-to`} type="datetime-local" step="1" value={to} onChange={(event) => setTo(event.target.value)} />
        <button type="submit" className="small">
          Apply window
        </button>
        {problem && (
          <span id={`${idPrefix}-window-problem`} className="field-problem" role="alert">
            {problem}
          </span>
        )}
      </form>
    </fieldset>
  );
}
