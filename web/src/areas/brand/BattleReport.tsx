// Brand portal: the 销售战报 of one of the brand's own events (another brand's is the API's 404).
import { useParams } from 'react-router';
import { BattleReportPage } from '../../components/BattleReport.tsx';

export default function BrandBattleReport({ brandId }: { brandId: string }) {
  const { saleEventId = '' } = useParams();
  return <BattleReportPage scope={`brand-${brandId}`} saleEventId={saleEventId} back={`/brand/events/${saleEventId}`} />;
}
