using System.Security.Cryptography;

namespace Outlay.AppHost.Launch;

internal sealed record AdminLogin(string Email, string Password, string PasswordFile);

/// <summary>
/// Identity creates the first admin from configuration on its first start. The AppHost generates that
/// password once and keeps it in the data folder, readable by the owner only, so that it survives
/// restarts and is never printed.
/// </summary>
internal static class AdminPassword
{
    public const string Email = "admin@outlay.local";
    public const string FileName = "admin-password.txt";

    /// <summary>Identity's password policy minimum.</summary>
    private const int MinimumLength = 12;

    public static AdminLogin LoadOrCreate(string dataFolder)
    {
        var path = Path.Combine(dataFolder, FileName);
        if (!File.Exists(path))
        {
            TryCreate(path);
        }

        var password = File.ReadAllText(path).Trim();
        if (password.Length < MinimumLength)
        {
            throw new InvalidOperationException($"{path} must hold a password of at least {MinimumLength} characters; delete it to generate one.");
        }

        return new AdminLogin(Email, password, path);
    }

    private static void TryCreate(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created with 0600 rather than chmod-ed afterwards: no moment where others can read it.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, options);
            writer.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_'));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another AppHost on the same data folder created it first; use theirs.
        }
    }
}
