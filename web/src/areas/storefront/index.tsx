export default function Area() {
  return <main className="state">storefront</main>;
}
