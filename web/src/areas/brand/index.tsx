export default function Area() {
  return <main className="state">brand</main>;
}
