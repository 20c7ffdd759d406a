using System.Runtime.InteropServices;

namespace Outlay.AppHost.Supervision;

/// <summary>
/// Turns the first Ctrl+C or SIGTERM into a cancellation so that the children are stopped before we
/// exit. A second signal is left to its default action and ends the AppHost at once; the children
/// then stop by themselves when their stdin closes.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal()
    {
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _requested.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _requested.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (_requested.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        _requested.Cancel();
    }
}
