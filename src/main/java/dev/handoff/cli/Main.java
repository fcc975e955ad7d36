package dev.handoff.cli;

public final class Main {
    public static void main(String[] args) {
        System.err.println("handoff: not built yet");
        System.exit(2);
    }
}
