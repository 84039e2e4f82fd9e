// Operator console: the 销售战报 of any event past its draft.
import { useParams } from 'react-router';
import { BattleReportPage } from '../../components/BattleReport.tsx';

export default function ConsoleBattleReport() {
  const { eventId = '' } = useParams();
  return <BattleReportPage scope="console" saleEventId={eventId} back={`/console/events/${eventId}`} />;
}
