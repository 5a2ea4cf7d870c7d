/** The studio's page: header, messages, drop zone, layer table + detail, charts, job bar. */
import { useEffect } from 'react';
import { BitMapPanel, ParetoPanel, SchemePanel, TeachingSlot } from './features/charts/Charts';
import { ComparePanel } from './features/compare/ComparePanel';
import { DropZone } from './features/dropZone/DropZone';
import { Header } from './features/header/Header';
import { Messages } from './features/header/Messages';
import { SummaryBar } from './features/header/SummaryBar';
import { JobBar } from './features/job/JobBar';
import { LayerDetail } from './features/layerDetail/LayerDetail';
import { LayerTable } from './features/layerTable/LayerTable';
import { MethodsPanel } from './features/methods/MethodsPanel';
import { startLiveEvaluation } from './flows/liveEvaluate';
import { startStudio } from './flows/startup';
import { installShortcuts } from './shortcuts';

export function App() {
  useEffect(() => startLiveEvaluation(), []);
  useEffect(() => {
    void startStudio();
    return installShortcuts();
  }, []);
  return (
    <div className="app">
      <a className="skip-link" href="#main" data-testid="skip.link">Skip to the layers</a>
      <Header />
      <Messages />
      <main className="main" id="main" tabIndex={-1}>
        <div className="column-left">
          <DropZone />
          <MethodsPanel />
          <SummaryBar />
          <LayerTable />
        </div>
        <div className="column-right">
          <LayerDetail />
          <BitMapPanel />
        </div>
        <div className="charts">
          <ParetoPanel />
          <SchemePanel />
          <ComparePanel />
          <TeachingSlot />
        </div>
      </main>
      <JobBar />
    </div>
  );
}
