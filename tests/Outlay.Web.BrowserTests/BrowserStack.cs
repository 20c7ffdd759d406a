using Microsoft.Playwright;

namespace Outlay.Web.BrowserTests;

/// <summary>
/// A headless Debian Chromium driven by Playwright against a running Outlay (the README's run command, the
/// gateway's address in <c>OUTLAY_E2E_BASE_URL</c>). Without that variable the tests skip locally and fail under CI,
/// so a browser suite that did not run can never pass silently.
/// </summary>
public sealed class BrowserStack : IAsyncLifetime
{
    public const string BaseUrlVariable = "OUTLAY_E2E_BASE_URL";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public string BaseUrl { get; } = (Environment.GetEnvironmentVariable(BaseUrlVariable) ?? "").TrimEnd('/');

    /// <summary>The admin login the AppHost printed: <c>OUTLAY_E2E_ADMIN_EMAIL</c> (default admin@outlay.local) and the password or its file.</summary>
    public string AdminEmail => Environment.GetEnvironmentVariable("OUTLAY_E2E_ADMIN_EMAIL") ?? "admin@outlay.local";

    public string AdminPassword =>
        Environment.GetEnvironmentVariable("OUTLAY_E2E_ADMIN_PASSWORD")
        ?? (Environment.GetEnvironmentVariable("OUTLAY_E2E_ADMIN_PASSWORD_FILE") is { Length: > 0 } file ? File.ReadAllText(file).Trim() : "");

    public async ValueTask InitializeAsync()
    {
        if (BaseUrl.Length == 0)
        {
            return;
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("OUTLAY_E2E_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>A fresh browser context (own cookies) on a phone-sized or laptop-sized window.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false)
    {
        if (browser is null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"{BaseUrlVariable} is not set, but CI must run the browser tests.");
            }

            Assert.Skip($"Start Outlay (dotnet run --project src/Outlay.AppHost) and set {BaseUrlVariable} to the printed gateway address to run the browser tests.");
        }

        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves the page as the test ends, under the test output folder (bin/.../screenshots).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public static string NewEmail() => $"e2e-{Guid.NewGuid():N}@example.com";

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}
