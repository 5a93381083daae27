import { useEffect } from 'react';

/** The tab's and the history entry's title, so the back button's menu says where each step was. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Sessionscope`;
  }, [title]);
}
