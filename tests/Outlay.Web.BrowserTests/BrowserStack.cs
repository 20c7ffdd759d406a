using Microsoft.Playwright;

using Outlay.AppHost.Tests;

[assembly: AssemblyFixture(typeof(Outlay.Web.BrowserTests.BrowserStack))]

namespace Outlay.Web.BrowserTests;

/// <summary>
/// A headless Debian Chromium driven by Playwright against the whole Outlay stack, once per test assembly. With
/// <c>OUTLAY_E2E_BASE_URL</c> set the tests use that running stack (and <c>OUTLAY_E2E_ADMIN_*</c> for the admin);
/// otherwise they start the built AppHost on a fresh temp data folder with a free gateway port, sign in with the
/// admin password it wrote there, and stop it and delete the folder at the end. Without Chromium the tests skip
/// locally and fail under CI, so a browser suite that did not run can never pass silently.
/// </summary>
public sealed class BrowserStack : IAsyncLifetime
{
    public const string BaseUrlVariable = "OUTLAY_E2E_BASE_URL";
    public const string AdminEmailDefault = "admin@outlay.local";

    /// <summary>Six services on a small CI machine: starting and migrating them all takes a while.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly string chromium = Environment.GetEnvironmentVariable("OUTLAY_E2E_CHROMIUM") ?? "/usr/bin/chromium";
    private AppHostRun? appHost;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public string BaseUrl { get; private set; } = (Environment.GetEnvironmentVariable(BaseUrlVariable) ?? "").TrimEnd('/');

    public string AdminEmail { get; private set; } = Environment.GetEnvironmentVariable("OUTLAY_E2E_ADMIN_EMAIL") ?? AdminEmailDefault;

    public string AdminPassword { get; private set; } =
        Environment.GetEnvironmentVariable("OUTLAY_E2E_ADMIN_PASSWORD")
        ?? (Environment.GetEnvironmentVariable("OUTLAY_E2E_ADMIN_PASSWORD_FILE") is { Length: > 0 } file ? File.ReadAllText(file).Trim() : "");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(chromium))
        {
            return; // Reported by each test: skipped locally, failed under CI.
        }

        if (BaseUrl.Length == 0)
        {
            await StartStackAsync();
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    private async Task StartStackAsync()
    {
        // One instance of each service: these tests are about the pages, and with two instances each the first
        // requests meet twice as many cold processes, which on a shared CI machine exceeds the page timeouts.
        // Two instances behind the gateway (cross-instance forms and sessions) are covered by the AppHost tests.
        appHost = AppHostRun.Start("--gateway-port", "0", "--replicas", "1",
            "--ready-timeout", ((int)StartTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var open = await appHost.WaitForLineAsync(line => line.TrimStart().StartsWith("Open ", StringComparison.Ordinal), StartTimeout + TimeSpan.FromSeconds(30));
        BaseUrl = open.Trim()["Open".Length..].Trim().Split(' ', 2)[0].TrimEnd('/');
        AdminEmail = AdminEmailDefault;
        AdminPassword = (await File.ReadAllTextAsync(Path.Combine(appHost.DataFolder, "admin-password.txt"))).Trim();
    }

    /// <summary>A fresh browser context (own cookies) on a phone-sized or laptop-sized window.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false)
    {
        if (browser is null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"Chromium is not at {chromium}, but CI must run the browser tests (apt-get install chromium, or set OUTLAY_E2E_CHROMIUM).");
            }

            Assert.Skip($"Install Chromium at {chromium} (or set OUTLAY_E2E_CHROMIUM) to run the browser tests.");
        }

        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(15_000);
        // Expect() polls with its own deadline (5 s unless set); a page waiting on a saga or a status poll on a loaded
        // 2-core CI machine needs the same 15 s as the actions. Passing checks return as soon as they hold.
        Assertions.SetDefaultExpectTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>The AppHost's output so far, for a failing test to show what the services said.</summary>
    public string StackOutput => appHost?.Output ?? "";

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
        if (appHost is not null)
        {
            await appHost.DisposeAsync();
        }
    }
}
