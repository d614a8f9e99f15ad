import { fireEvent, render, screen } from '@testing-library/react';

import { Timeline } from './Timeline';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const fragments = [
  { start: 0, duration: 10, programDateTime: T0 },
  { start: 10, duration: 10, programDateTime: T0 + 40_000 },
];

describe('Timeline', () => {
  it('draws the recorded spans and gaps of the range', () => {
    render(<Timeline from={T0} to={T0 + 60_000} fragments={fragments} onSeek={() => {}} />);
    const spans = screen.getAllByTestId('video-recorded-span');
    expect(spans.map((s) => [s.style.left, s.style.width])).toEqual([
      ['0%', `${(10 / 60) * 100}%`],
      [`${(40 / 60) * 100}%`, `${(10 / 60) * 100}%`],
    ]);
    expect(screen.getAllByTestId('video-gap')).toHaveLength(2);
  });

  it('seeks to the wall-clock time under a click', () => {
    const onSeek = jest.fn();
    render(<Timeline from={T0} to={T0 + 60_000} fragments={fragments} onSeek={onSeek} />);
    const bar = screen.getByTestId('video-timeline');
    bar.getBoundingClientRect = () => ({ left: 100, width: 600, top: 0, height: 14 }) as DOMRect;
    fireEvent.click(bar, { clientX: 100 + 450 });
    expect(onSeek).toHaveBeenCalledWith(T0 + 45_000);
  });

  it('shows the crosshair only inside the range', () => {
    const { rerender } = render(
      <Timeline from={T0} to={T0 + 60_000} fragments={[]} hover={T0 + 30_000} onSeek={() => {}} />,
    );
    expect(screen.getByTestId('video-crosshair').style.left).toBe('50%');
    rerender(<Timeline from={T0} to={T0 + 60_000} fragments={[]} hover={T0 + 90_000} onSeek={() => {}} />);
    expect(screen.queryByTestId('video-crosshair')).toBeNull();
  });
});
