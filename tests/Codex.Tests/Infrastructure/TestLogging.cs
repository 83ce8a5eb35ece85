using Serilog;
using Serilog.Events;

namespace Codex.Tests.Infrastructure;

/// <summary>Tests log warnings and errors only, to the console the test runner captures.</summary>
public static class TestLogging
{
    private static int _configured;

    public static void EnsureConfigured()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1) return;
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Warning()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Error)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Level:u3}] {App} {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
    }
}
