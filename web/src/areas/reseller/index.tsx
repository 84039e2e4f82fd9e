export default function Area() {
  return <main className="state">reseller</main>;
}
