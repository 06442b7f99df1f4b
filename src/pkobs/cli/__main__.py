from pkobs.cli import main

main()
