using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Outlay.Identity.Accounts;

namespace Outlay.Bench;

/// <summary>
/// Login is dominated by PBKDF2, so the reference for HTTP logins is the bare password check in this
/// process; the reference for token validation is the bare RSA signature check it contains.
/// </summary>
internal static class IdentityBenchmarks
{
    public static async Task RunAsync(TimeSpan duration)
    {
        var hasher = new PasswordHasher<Account>();
        var account = new Account { Email = "", NormalizedEmail = "", FirstName = "", LastName = "" };
        const string password = "a long enough password";
        var hash = hasher.HashPassword(account, password);
        var workers = Environment.ProcessorCount;

        var verify = Measure.Rate($"PasswordHasher.Verify x{workers} (reference)", () => hasher.VerifyHashedPassword(account, hash, password), duration, workers);
        Console.WriteLine(verify);
        var logins = await HttpLoginsAsync(duration, workers);
        Console.WriteLine(logins);
        Console.WriteLine(logins.RatioTo(verify));

        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "bench" };
        var handler = new JsonWebTokenHandler();
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "outlay-identity",
            Audience = "outlay",
            Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("role", "user")]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = "outlay-identity",
            ValidAudience = "outlay",
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        };
        var parts = token.Split('.');
        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);

        var rawRsa = Measure.Rate("RSA-2048 verify, 1 thread (reference)", () => rsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), duration);
        Console.WriteLine(rawRsa);
        var validate = await Measure.RateAsync("JsonWebTokenHandler.ValidateTokenAsync, 1 thread", async () =>
        {
            var result = await handler.ValidateTokenAsync(token, parameters);
            if (!result.IsValid)
            {
                throw new InvalidOperationException("The benchmark token must validate.");
            }
        }, duration);
        Console.WriteLine(validate);
        Console.WriteLine(validate.RatioTo(rawRsa));
    }

    /// <summary>Logins over loopback HTTP against a real Identity process on a throw-away SQLite file.</summary>
    private static async Task<Rate> HttpLoginsAsync(TimeSpan duration, int workers)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Outlay.Identity.dll");
        var data = Directory.CreateTempSubdirectory("outlay-bench-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["Outlay__Database__DataFolder"] = data,
                ["Outlay__StopWhenStdinCloses"] = "true",
                ["Identity__Admin__Password"] = "bench admin password",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        using var identity = Process.Start(start)!;
        identity.OutputDataReceived += (_, _) => { };
        identity.ErrorDataReceived += (_, _) => { };
        identity.BeginOutputReadLine();
        identity.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitReadyAsync(client);
            var body = new { email = "bench@example.com", password = "a long enough password", firstName = "Bench", lastName = "Mark" };
            (await client.PostAsJsonAsync("/api/auth/register", body)).EnsureSuccessStatusCode();
            return await Measure.RateAsync($"HTTP POST /api/auth/login x{workers} (SQLite)", async () =>
                (await client.PostAsJsonAsync("/api/auth/login", new { body.email, body.password })).EnsureSuccessStatusCode(), duration, workers);
        }
        finally
        {
            identity.StandardInput.Close();
            if (!identity.WaitForExit(10_000))
            {
                identity.Kill(entireProcessTree: true);
            }

            Directory.Delete(data, recursive: true);
        }
    }

    internal static async Task WaitReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The service did not become ready.");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
