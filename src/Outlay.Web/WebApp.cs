namespace Outlay.Web;

/// <summary>
/// Names the web app's assembly for an in-process test host (<c>WebApplicationFactory&lt;WebApp&gt;</c>); the
/// generated <c>Program</c> stays internal so it never clashes with a service's public one in the same test.
/// </summary>
public sealed class WebApp;
