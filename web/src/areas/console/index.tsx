export default function Area() {
  return <main className="state">console</main>;
}
