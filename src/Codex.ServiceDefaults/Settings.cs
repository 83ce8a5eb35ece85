using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Codex.ServiceDefaults;

/// <summary>
/// A section of settings other than <c>Codex</c> (timeouts, limits, job intervals), bound once, when the app is built,
/// and checked there: a value that does not parse or makes no sense stops start-up with one sentence naming the
/// environment variable, as <see cref="CodexOptionsValidator"/> does for the <c>Codex</c> section.
/// </summary>
public static class Settings
{
    /// <summary>
    /// Binds section <paramref name="section"/> into a <typeparamref name="T"/> (its defaults where unset), checks it
    /// with <paramref name="check"/> (each yielded sentence is a failure) and registers it as a singleton. Throws
    /// <see cref="OptionsValidationException"/>, which the host prints as one line.
    /// </summary>
    public static T AddSettings<T>(this IServiceCollection services, IConfiguration config, string section,
        Func<T, IEnumerable<string>>? check = null) where T : class, new()
    {
        var settings = Read(config, section, check);
        services.AddSingleton(settings);
        return settings;
    }

    /// <summary>The same, without registering: for settings needed while services are being added.</summary>
    public static T Read<T>(IConfiguration config, string section, Func<T, IEnumerable<string>>? check = null) where T : class, new()
    {
        var settings = new T();
        try
        {
            config.GetSection(section).Bind(settings);
        }
        catch (InvalidOperationException e)
        {
            // "Failed to convert configuration value 'x' at 'Mail:PollInterval' to type 'System.TimeSpan'." names the
            // key as configuration spells it; operators set environment variables, so it is said that way.
            var message = System.Text.RegularExpressions.Regex.Replace(e.Message, @" at '([^']+)'",
                m => $" at '{m.Groups[1].Value.Replace(":", "__", StringComparison.Ordinal)}'");
            throw new OptionsValidationException(section, typeof(T), [message]);
        }
        var failures = check?.Invoke(settings).ToList() ?? [];
        if (failures.Count > 0) throw new OptionsValidationException(section, typeof(T), failures);
        return settings;
    }

    /// <summary>A failure sentence when <paramref name="value"/> is not positive, else nothing.</summary>
    public static IEnumerable<string> Positive(string variable, TimeSpan value)
    {
        if (value <= TimeSpan.Zero) yield return $"{variable} is {value}; it must be a positive time such as 00:00:05.";
    }

    /// <summary>A failure sentence when <paramref name="value"/> is below <paramref name="minimum"/>, else nothing.</summary>
    public static IEnumerable<string> AtLeast(string variable, int value, int minimum)
    {
        if (value < minimum) yield return $"{variable} is {value}; it must be {minimum} or more.";
    }
}
