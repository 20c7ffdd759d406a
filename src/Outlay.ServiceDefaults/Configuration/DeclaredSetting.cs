using Microsoft.Extensions.DependencyInjection;

namespace Outlay.ServiceDefaults.Configuration;

/// <summary>
/// A configuration path a service reads: a section bound to <see cref="Shape"/> (whose properties, dictionaries and
/// lists name the keys below it), or a single key when <see cref="Shape"/> is null.
/// </summary>
public sealed record DeclaredSetting(string Path, Type? Shape);

public static class DeclaredSettings
{
    /// <summary>Declares that the service binds <paramref name="section"/> to <typeparamref name="TOptions"/>.</summary>
    public static IServiceCollection DeclareSettings<TOptions>(this IServiceCollection services, string section) =>
        services.AddSingleton(new DeclaredSetting(section, typeof(TOptions)));

    /// <summary>Declares one key the service reads on its own.</summary>
    public static IServiceCollection DeclareSetting(this IServiceCollection services, string key) =>
        services.AddSingleton(new DeclaredSetting(key, Shape: null));
}
